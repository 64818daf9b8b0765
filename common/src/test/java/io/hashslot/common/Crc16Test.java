package io.hashslot.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class Crc16Test {
    private static int bitwise(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= (b & 0xff) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
            }
        }
        return crc;
    }

    @Test
    void checkValueAndSpecSlots() {
        assertThat(Crc16.crc16("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9)).isEqualTo(0x31C3);
        String[][] cases = {{"foo", "12182"}, {"hello", "866"}, {"key1", "9189"}, {"foo2", "1044"}, {"bar", "5061"},
            {"123456789", "12739"}, {"", "0"}, {"{user1000}.following", "3443"}, {"foo{}{bar}", "8363"},
            {"foo{{bar}}zap", "4015"}, {"foo{bar}{zap}", "5061"}, {"{}", "15257"}, {"a{b}c", "3300"}};
        for (String[] c : cases) {
            assertThat(HashSlot.of(c[0].getBytes(StandardCharsets.ISO_8859_1))).as(c[0])
                .isEqualTo(Integer.parseInt(c[1]));
        }
    }

    @Property(tries = 2000)
    void tableDrivenEqualsBitwise(@ForAll byte[] data) {
        assertThat(Crc16.crc16(data, 0, data.length)).isEqualTo(bitwise(data));
    }
}
