package io.hashslot.common;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An x87 80-bit long double (64-bit significand), the type Redis uses for INCRBYFLOAT and HINCRBYFLOAT. Java has
 * no such type, so values are kept as exact decimals rounded to 64 significant bits after every operation; this
 * reproduces Redis's results, including how sums print (10.5 + 0.1 prints "10.6").
 */
public final class LongDouble {
    private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    /** Binary exponent beyond which an 80-bit long double overflows. */
    private static final int MAX_EXPONENT = 16383;
    /** Binary exponent of the smallest normal long double; below it precision shrinks (subnormals). */
    private static final int MIN_EXPONENT = -16382;
    /** The spacing of subnormal long doubles, 2^-16445 (also the smallest one). */
    private static final int SUBNORMAL_QUANTUM = MIN_EXPONENT - 63;
    /** Redis's MAX_LONG_DOUBLE_CHARS: string2ld rejects texts of this length or longer. */
    private static final int MAX_CHARS = 5 * 1024;

    private final BigDecimal value; // null when infinite
    private final int infinity; // 0, +1 or -1

    private LongDouble(BigDecimal value, int infinity) {
        this.value = value;
        this.infinity = infinity;
    }

    public static LongDouble of(BigDecimal exact) {
        return round(exact);
    }

    /** Redis's string2ld: strtold syntax, no spaces, NaN rejected, overflow of a finite literal rejected. */
    public static LongDouble parse(byte[] b) throws NotANumberException {
        if (b.length == 0 || b.length >= MAX_CHARS) {
            throw new NotANumberException();
        }
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        Numbers.FloatText t = Numbers.FloatText.scan(s);
        if (t == null || t.nan) {
            throw new NotANumberException();
        }
        if (t.infinite) {
            return new LongDouble(null, t.negative ? -1 : 1);
        }
        BigDecimal exact = t.hex ? parseHex(t.body) : new BigDecimal(t.body);
        if (t.negative) {
            exact = exact.negate();
        }
        LongDouble r = round(exact);
        if (r.isInfinite()) {
            throw new NotANumberException();
        }
        if (r.value.signum() == 0 && t.nonZeroDigits) {
            throw new NotANumberException();
        }
        return r;
    }

    private static BigDecimal parseHex(String body) {
        // body is 0x<hex>[.<hex>]p<exp>
        int p = body.indexOf('p');
        String mant = body.substring(2, p);
        int exp = Integer.parseInt(body.substring(p + 1).replace("+", ""));
        int dot = mant.indexOf('.');
        String digits = dot < 0 ? mant : mant.substring(0, dot) + mant.substring(dot + 1);
        int fracDigits = dot < 0 ? 0 : mant.length() - dot - 1;
        BigInteger m = new BigInteger(digits, 16);
        int shift = exp - 4 * fracDigits;
        return scaleByPowerOfTwo(new BigDecimal(m), shift);
    }

    private static BigDecimal scaleByPowerOfTwo(BigDecimal v, int shift) {
        if (shift >= 0) {
            return v.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(shift)));
        }
        // 2^-k = 5^k / 10^k, exactly
        return v.multiply(new BigDecimal(BigInteger.valueOf(5).pow(-shift))).scaleByPowerOfTen(shift);
    }

    private static LongDouble round(BigDecimal exact) {
        if (exact.signum() == 0) {
            return new LongDouble(BigDecimal.ZERO, 0);
        }
        BigInteger num;
        BigInteger den;
        if (exact.scale() > 0) {
            num = exact.unscaledValue().abs();
            den = BigInteger.TEN.pow(exact.scale());
        } else {
            num = exact.unscaledValue().abs().multiply(BigInteger.TEN.pow(-exact.scale()));
            den = BigInteger.ONE;
        }
        int e = num.bitLength() - den.bitLength();
        BigInteger q;
        while (true) {
            BigInteger n2 = 63 - e >= 0 ? num.shiftLeft(63 - e) : num;
            BigInteger d2 = 63 - e >= 0 ? den : den.shiftLeft(e - 63);
            BigInteger[] qr = n2.divideAndRemainder(d2);
            q = qr[0];
            if (q.compareTo(TWO_63) < 0) {
                e--;
                continue;
            }
            if (q.compareTo(TWO_64) >= 0) {
                e++;
                continue;
            }
            int cmp = qr[1].shiftLeft(1).compareTo(d2);
            if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
                q = q.add(BigInteger.ONE);
                if (q.equals(TWO_64)) {
                    q = TWO_63;
                    e++;
                }
            }
            break;
        }
        if (e > MAX_EXPONENT) {
            return new LongDouble(null, exact.signum());
        }
        if (e < MIN_EXPONENT) {
            return roundSubnormal(num, den, exact.signum());
        }
        BigDecimal r = scaleByPowerOfTwo(new BigDecimal(q), e - 63);
        return new LongDouble(exact.signum() < 0 ? r.negate() : r, 0);
    }

    /** Rounds num/den (below the normal range) to a multiple of 2^-16445, half to even; may give zero. */
    private static LongDouble roundSubnormal(BigInteger num, BigInteger den, int sign) {
        BigInteger[] qr = num.shiftLeft(-SUBNORMAL_QUANTUM).divideAndRemainder(den);
        BigInteger q = qr[0];
        int cmp = qr[1].shiftLeft(1).compareTo(den);
        if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
            q = q.add(BigInteger.ONE);
        }
        if (q.signum() == 0) {
            return new LongDouble(BigDecimal.ZERO, 0);
        }
        BigDecimal r = scaleByPowerOfTwo(new BigDecimal(q), SUBNORMAL_QUANTUM);
        return new LongDouble(sign < 0 ? r.negate() : r, 0);
    }

    public boolean isInfinite() {
        return infinity != 0;
    }

    public LongDouble add(LongDouble other) {
        if (isInfinite() || other.isInfinite()) {
            int sum = infinity + other.infinity;
            if (isInfinite() && other.isInfinite() && sum == 0) {
                return null; // NaN
            }
            return new LongDouble(null, isInfinite() ? infinity : other.infinity);
        }
        return round(value.add(other.value));
    }

    /** The product rounded to 64 significant bits, as an x87 multiplication; null for infinity times zero. */
    public LongDouble multiply(LongDouble other) {
        if (isInfinite() || other.isInfinite()) {
            int sa = isInfinite() ? infinity : value.signum();
            int sb = other.isInfinite() ? other.infinity : other.value.signum();
            if (sa == 0 || sb == 0) {
                return null; // NaN
            }
            return new LongDouble(null, sa * sb);
        }
        return round(value.multiply(other.value));
    }

    /** The exact value, or null when infinite. */
    public BigDecimal toBigDecimal() {
        return value;
    }

    /** Redis's ld2string in human mode: printf("%.17Lf") with trailing zeros and a lone '.' removed. */
    public String toHumanString() {
        if (isInfinite()) {
            return infinity > 0 ? "inf" : "-inf";
        }
        String s = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        if (s.indexOf('.') >= 0) {
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
        }
        s = s.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }

    public double toDouble() {
        if (isInfinite()) {
            return infinity > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return value.doubleValue();
    }
}
