package io.diodegw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class UnitsTest
{
    @Test
    void shouldParseDurationsWithAndWithoutUnits() throws InvalidValueException
    {
        assertEquals(500L, ValueParsers.parseDurationMs("500"));
        assertEquals(500L, ValueParsers.parseDurationMs("500ms"));
        assertEquals(2_000L, ValueParsers.parseDurationMs("2s"));
        assertEquals(2_000L, ValueParsers.parseDurationMs(" 2 S "));
        assertEquals(300_000L, ValueParsers.parseDurationMs("5m"));
        assertEquals(300_000L, ValueParsers.parseDurationMs("5min"));
        assertEquals(3_600_000L, ValueParsers.parseDurationMs("1h"));
    }

    @Test
    void shouldRejectDurationsThatAreNotWholeOrHaveUnknownUnits()
    {
        for (final String text : List.of("", "1.5s", "-1s", "2 weeks", "1d", "ms", "1e3", "0x10"))
        {
            final InvalidValueException ex = assertThrows(InvalidValueException.class,
                () -> ValueParsers.parseDurationMs(text), text);
            assertEquals("is not a duration; write whole milliseconds or add a unit: 500ms, 2s, 5m, 1h",
                ex.getMessage());
        }
    }

    @Test
    void shouldParseByteSizesInPowersOf1024() throws InvalidValueException
    {
        assertEquals(1500L, ValueParsers.parseByteSize("1500"));
        assertEquals(1500L, ValueParsers.parseByteSize("1500B"));
        assertEquals(65_536L, ValueParsers.parseByteSize("64KiB"));
        assertEquals(4_194_304L, ValueParsers.parseByteSize("4MiB"));
        assertEquals(4_194_304L, ValueParsers.parseByteSize("4 mib"));
        assertEquals(1L << 30, ValueParsers.parseByteSize("1GiB"));
        assertEquals(1L << 40, ValueParsers.parseByteSize("1TiB"));
    }

    @Test
    void shouldRejectDecimalOrAmbiguousByteUnits()
    {
        for (final String text : List.of("4MB", "4M", "1GB", "1.5GiB", "-1", "KiB"))
        {
            assertThrows(InvalidValueException.class, () -> ValueParsers.parseByteSize(text), text);
        }
    }

    @Test
    void shouldParseBitRatesInPowersOf1000() throws InvalidValueException
    {
        assertEquals(64_000L, ValueParsers.parseBitRate("64000"));
        assertEquals(64_000L, ValueParsers.parseBitRate("64000bit/s"));
        assertEquals(500_000L, ValueParsers.parseBitRate("500kbit/s"));
        assertEquals(100_000_000L, ValueParsers.parseBitRate("100Mbit/s"));
        assertEquals(100_000_000L, ValueParsers.parseBitRate("100Mbps"));
        assertEquals(1_000_000_000L, ValueParsers.parseBitRate("1Gbit/s"));
        assertEquals(1_000_000_000L, ValueParsers.parseBitRate("1 gbps"));
    }

    @Test
    void shouldReportOverflowInsteadOfWrappingAround()
    {
        final InvalidValueException ex = assertThrows(InvalidValueException.class,
            () -> ValueParsers.parseByteSize("9999999999TiB"));
        assertEquals("is too large", ex.getMessage());
        assertThrows(InvalidValueException.class, () -> ValueParsers.parseBitRate("9223372036854775807Gbit/s"));
        assertThrows(InvalidValueException.class, () -> ValueParsers.parseDurationMs("9223372036854775807h"));
        assertThrows(InvalidValueException.class, () -> ValueParsers.parseWholeNumber("9223372036854775808"));
    }

    @Test
    void shouldFormatValuesBackToTheirLargestExactUnit()
    {
        assertEquals("4MiB", ValueParsers.formatBytes(4L << 20));
        assertEquals("1500", ValueParsers.formatBytes(1500));
        assertEquals("0", ValueParsers.formatBytes(0));
        assertEquals("1h", ValueParsers.formatDurationMs(3_600_000));
        assertEquals("90s", ValueParsers.formatDurationMs(90_000));
        assertEquals("1500ms", ValueParsers.formatDurationMs(1500));
        assertEquals("100Mbit/s", ValueParsers.formatBitRate(100_000_000));
        assertEquals("1500bit/s", ValueParsers.formatBitRate(1500));
    }

    @Test
    void shouldParseWhatItFormatsForManySeededValues() throws InvalidValueException
    {
        final SplittableRandom random = new SplittableRandom(20_251_123L);
        for (int i = 0; i < 10_000; i++)
        {
            final long value = random.nextLong(0, 1L << 50) << random.nextInt(0, 12);
            assertEquals(value, ValueParsers.parseByteSize(ValueParsers.formatBytes(value)));
            assertEquals(value, ValueParsers.parseDurationMs(ValueParsers.formatDurationMs(value)));
            assertEquals(value, ValueParsers.parseBitRate(ValueParsers.formatBitRate(value)));
        }
    }

    @Test
    void shouldParseHostPortForIpv4Ipv6AndNames() throws InvalidValueException
    {
        assertEquals(new HostPort("10.0.0.2", 4950), ValueParsers.parseHostPort("10.0.0.2:4950"));
        assertEquals(new HostPort("fd00::2", 4950), ValueParsers.parseHostPort("[fd00::2]:4950"));
        assertEquals(new HostPort("diode-it.plant.local", 80), ValueParsers.parseHostPort("diode-it.plant.local:80"));
        assertEquals("[fd00::2]:4950", HostPort.parse("[fd00::2]:4950").toString());
        assertEquals("10.0.0.2:0", HostPort.parse("10.0.0.2:0").toString());
    }

    @Test
    void shouldExplainWhatIsWrongWithAHostPort()
    {
        final Map<String, String> cases = Map.of(
            "10.0.0.2", "has no port; write host:port, e.g. 10.0.0.2:4950",
            "fd00::2:4950", "is not host:port; write an IPv6 address in brackets: [fd00::2]:4950",
            "10.0.0:4950", "has a host that is not an IPv4 address: it needs four numbers 0..255 separated by dots",
            "10.0.0.256:1", "has a host that is not an IPv4 address: each of its four numbers must be 0..255 without "
                + "leading zeros",
            "10.0.0.2:65536", "has a port that is not a number in 0..65535",
            "10.0.0.2:x", "has a port that is not a number in 0..65535",
            "bad_name:1",
            "has a host that is neither an IP address nor a DNS name (letters, digits and '-' between dots)",
            "[fe80::1%eth0]:1", "has a host that is not an IPv6 address (scoped addresses with % are not supported)",
            "[gg::1]:1", "has a host that is not an IPv6 address (scoped addresses with % are not supported)",
            "[1:2:3:4:5:6:7:8:9]:1", "has a host that is not a valid IPv6 address");
        for (final Map.Entry<String, String> c : cases.entrySet())
        {
            final InvalidValueException ex = assertThrows(InvalidValueException.class,
                () -> ValueParsers.parseHostPort(c.getKey()), c.getKey());
            assertEquals(c.getValue(), ex.getMessage(), c.getKey());
        }
        assertThrows(IllegalArgumentException.class, () -> new HostPort("10.0.0.1", 70_000));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(":1"));
    }

    @Test
    void shouldParseIpLiteralsWithoutDns() throws InvalidValueException
    {
        assertEquals("10.0.0.1", ValueParsers.parseInetAddress("10.0.0.1").getHostAddress());
        assertTrue(ValueParsers.parseInetAddress("fd00::1").getHostAddress().startsWith("fd00:"));
        final InvalidValueException ex = assertThrows(InvalidValueException.class,
            () -> ValueParsers.parseInetAddress("localhost"));
        assertEquals("is not an IP address: it is not an IPv4 address: it needs four numbers 0..255 separated by dots",
            ex.getMessage());
        assertThrows(InvalidValueException.class, () -> ValueParsers.parseInetAddress("010.0.0.1"));
    }

    @Test
    void shouldParseBooleansStrictly() throws InvalidValueException
    {
        assertEquals(true, ValueParsers.parseBoolean("TRUE"));
        assertEquals(false, ValueParsers.parseBoolean("false"));
        for (final String text : List.of("yes", "no", "on", "1", ""))
        {
            assertThrows(InvalidValueException.class, () -> ValueParsers.parseBoolean(text), text);
        }
    }

    @Test
    void shouldAcceptUnitsInConfigurationFiles()
    {
        final Config config = ConfigLoader.fromText(Side.SENDER, "sender.yaml", ConfigLoaderTest.SENDER_REQUIRED
            + "  keyRotationIntervalMs: 2h\n  keyRotationBytes: 1TiB\n  journal: {quotaBytes: 512MiB}\n",
            Map.of("DIODEGW_SENDER_LINK_RATE_BITS_PER_SEC", "1Gbit/s"));

        assertEquals(7_200_000L, config.get(SenderSettings.KEY_ROTATION_INTERVAL_MS));
        assertEquals(1L << 40, config.get(SenderSettings.KEY_ROTATION_BYTES));
        assertEquals(512L << 20, config.get(SenderSettings.JOURNAL_QUOTA_BYTES));
        assertEquals(1_000_000_000L, config.get(SenderSettings.LINK_RATE_BITS_PER_SEC));
    }
}
