package io.diodegw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SettingTest
{
    private static final Setting<Long> JOURNAL_SEGMENTS = Setting.longInteger(Side.SENDER, "sender.test.segments",
        10L, 1L, 5_000_000_000L, "segments", "The number of journal segments kept. Test only.");

    private static final Setting<String> SITE_NAME = Setting.string(Side.RECEIVER, "receiver.test.siteName", "plant",
        1, 8, "The name of the site. Test only.");

    @Test
    void shouldDeriveTheEnvironmentVariableFromTheKey()
    {
        assertEquals("DIODEGW_LINK_FEC_SOURCE_SYMBOLS", LinkSettings.FEC_SOURCE_SYMBOLS.envVariable());
        assertEquals("DIODEGW_LINK_MTU_BYTES", LinkSettings.MTU_BYTES.envVariable());
        assertEquals("DIODEGW_RECEIVER_HTTP_BIND", ReceiverSettings.HTTP_BIND.envVariable());
        assertEquals("DIODEGW_SENDER_LINK_RATE_BITS_PER_SEC", SenderSettings.LINK_RATE_BITS_PER_SEC.envVariable());
    }

    @Test
    void shouldTakeTheSummaryFromTheFirstSentenceInLowerCase()
    {
        assertEquals("the MTU of the diode link, including IP and UDP headers", LinkSettings.MTU_BYTES.summary());
        assertEquals("the IT-side address of the diode link as host:port", SenderSettings.DESTINATION.summary());
    }

    @Test
    void shouldParseLongValuesBeyondIntRangeWithinBounds() throws InvalidValueException
    {
        assertEquals(5_000_000_000L, JOURNAL_SEGMENTS.parse(List.of("5000000000"), false));
        final InvalidValueException ex = assertThrows(InvalidValueException.class,
            () -> JOURNAL_SEGMENTS.parse(List.of("5000000001"), false));
        assertEquals("is above the maximum 5000000000", ex.getMessage());
        assertEquals("1..5000000000 segments", JOURNAL_SEGMENTS.allowedValues());
    }

    @Test
    void shouldBoundStringLength() throws InvalidValueException
    {
        assertEquals("north", SITE_NAME.parse(List.of("north"), false));
        final InvalidValueException ex = assertThrows(InvalidValueException.class,
            () -> SITE_NAME.parse(List.of("far-too-long"), false));
        assertEquals("has 12 characters, outside 1..8", ex.getMessage());
    }

    @Test
    void shouldReportIntOverflowAsOutOfBounds()
    {
        final InvalidValueException above = assertThrows(InvalidValueException.class,
            () -> LinkSettings.MTU_BYTES.parse(List.of("99999999999"), false));
        assertEquals("is above the maximum 9216", above.getMessage());
        final InvalidValueException below = assertThrows(InvalidValueException.class,
            () -> LinkSettings.MTU_BYTES.parse(List.of("-99999999999"), false));
        assertEquals("is below the minimum 576", below.getMessage());
    }

    @Test
    void shouldRefuseInconsistentDeclarations()
    {
        assertThrows(IllegalArgumentException.class,
            () -> Setting.integer(Side.LINK, "link.x", 5, 10, 20, "", "Out of bounds default."));
        assertThrows(IllegalArgumentException.class,
            () -> Setting.integer(Side.LINK, "Link_X", 15, 10, 20, "", "Bad key."));
        assertThrows(IllegalArgumentException.class,
            () -> Setting.integer(Side.LINK, "link.x", 15, 20, 10, "", "Min above max."));
        assertThrows(IllegalArgumentException.class,
            () -> Setting.integer(Side.LINK, "link.x", null, 10, 20, "", "Bad example.").required("30"));
        assertThrows(IllegalArgumentException.class,
            () -> Setting.integer(Side.LINK, "link.x", 15, 10, 20, "", " "));
    }

    @Test
    void shouldMarkSecretsAndOptionalSettings()
    {
        final Setting<String> token = Setting.string(Side.RECEIVER, "receiver.test.token", null, 1, 64,
            "The access token. Test only.").optional().secret();

        assertTrue(token.isSecret());
        assertTrue(token.isOptional());
        assertFalse(token.isRequired());
        assertFalse(token.defaultValue().isPresent());
    }

    @Test
    void shouldWriteCanonicalValuesOnOneLine()
    {
        assertEquals("a\\nb\\\\c", SITE_NAME.canonical("a\nb\\c"));
        assertEquals("INTEGRITY_ONLY", LinkSettings.ENCRYPTION.canonical(LinkEncryption.INTEGRITY_ONLY));
        assertEquals("4194304", ReceiverSettings.SOCKET_RECEIVE_BUFFER_BYTES.canonical(4L << 20));
        assertEquals("4MiB", ReceiverSettings.SOCKET_RECEIVE_BUFFER_BYTES.format(4L << 20));
    }
}
