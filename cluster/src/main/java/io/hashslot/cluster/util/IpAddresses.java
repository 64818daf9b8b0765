package io.hashslot.cluster.util;

/**
 * IP address text handling as glibc's {@code inet_pton}/{@code inet_ntop} do it, without java.net: parsing
 * dotted-quad IPv4 (no leading zeros, exactly four parts) and IPv6 (one "::", optional trailing dotted quad), and
 * printing the canonical form Redis stores for {@code CLUSTER MEET} addresses.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /** The normalised text of an IPv4 or IPv6 address, or null when inet_pton would refuse it. */
    public static String normalize(String ip) {
        byte[] v4 = parse4(ip, 0);
        if (v4 != null) {
            return format4(v4, 0);
        }
        byte[] v6 = parse6(ip);
        return v6 == null ? null : format6(v6);
    }

    /** inet_pton(AF_INET): four decimal parts 0..255 without leading zeros, nothing else. */
    static byte[] parse4(String s, int from) {
        byte[] out = new byte[4];
        int octets = 0;
        int cur = 0;
        boolean sawDigit = false;
        int tp = 0;
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= '0' && ch <= '9') {
                int nw = cur * 10 + (ch - '0');
                if (sawDigit && cur == 0) {
                    return null;
                }
                if (nw > 255) {
                    return null;
                }
                cur = nw;
                if (!sawDigit) {
                    if (++octets > 4) {
                        return null;
                    }
                    sawDigit = true;
                }
            } else if (ch == '.' && sawDigit) {
                if (octets == 4) {
                    return null;
                }
                out[tp++] = (byte) cur;
                cur = 0;
                sawDigit = false;
            } else {
                return null;
            }
        }
        if (octets < 4) {
            return null;
        }
        out[tp] = (byte) cur;
        return out;
    }

    /** inet_pton(AF_INET6). */
    static byte[] parse6(String s) {
        byte[] out = new byte[16];
        int tp = 0;
        int colonp = -1;
        int i = 0;
        int n = s.length();
        if (n > 0 && s.charAt(0) == ':') {
            if (n < 2 || s.charAt(1) != ':') {
                return null;
            }
            i = 1;
        }
        int curtok = i;
        boolean sawXdigit = false;
        int digits = 0;
        int val = 0;
        while (i < n) {
            char ch = Character.toLowerCase(s.charAt(i++));
            int d = Character.digit(ch, 16);
            if (d >= 0 && ch < 128) {
                val = (val << 4) | d;
                if (++digits > 4) {
                    return null;
                }
                sawXdigit = true;
                continue;
            }
            if (ch == ':') {
                curtok = i;
                if (!sawXdigit) {
                    if (colonp >= 0) {
                        return null;
                    }
                    colonp = tp;
                    continue;
                } else if (i == n) {
                    return null;
                }
                if (tp + 2 > 16) {
                    return null;
                }
                out[tp++] = (byte) (val >> 8);
                out[tp++] = (byte) val;
                sawXdigit = false;
                digits = 0;
                val = 0;
                continue;
            }
            if (ch == '.' && tp + 4 <= 16) {
                byte[] v4 = parse4(s, curtok);
                if (v4 != null) {
                    System.arraycopy(v4, 0, out, tp, 4);
                    tp += 4;
                    sawXdigit = false;
                    break;
                }
            }
            return null;
        }
        if (sawXdigit) {
            if (tp + 2 > 16) {
                return null;
            }
            out[tp++] = (byte) (val >> 8);
            out[tp++] = (byte) val;
        }
        if (colonp >= 0) {
            if (tp == 16) {
                return null;
            }
            int moved = tp - colonp;
            for (int k = 1; k <= moved; k++) {
                out[16 - k] = out[colonp + moved - k];
                out[colonp + moved - k] = 0;
            }
            tp = 16;
        }
        return tp == 16 ? out : null;
    }

    static String format4(byte[] b, int off) {
        return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "." + (b[off + 3] & 0xff);
    }

    /** inet_ntop(AF_INET6): longest run (>= 2) of zero words as "::", IPv4-mapped/compatible tails dotted. */
    static String format6(byte[] b) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (words[i] == 0) {
                if (curBase == -1) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff))) {
                sb.append(format4(b, 12));
                return sb.toString();
            }
            sb.append(Integer.toHexString(words[i]));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }
}
