package io.diodegw.systest.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.diodegw.config.HostPort;

class RelayMainTest
{
    @Test
    void shouldParseListenForwardAndProfile()
    {
        final RelayMain.Options options = RelayMain.parse(new String[] {
            "--listen", "127.0.0.1:4951", "--forward", "[::1]:4950", "--profile", "loss=1%,seed=3"});
        assertEquals(new HostPort("127.0.0.1", 4951), options.listen());
        assertEquals(new HostPort("::1", 4950), options.forward());
        assertEquals(ImpairmentProfile.parse("loss=1%,seed=3"), options.profile());
    }

    @Test
    void shouldRelayWithoutImpairmentWhenNoProfileIsGiven()
    {
        assertEquals(ImpairmentProfile.NONE,
            RelayMain.parse(new String[] {"--forward", "127.0.0.1:1", "--listen", "0.0.0.0:2"}).profile());
    }

    @Test
    void shouldNameTheOptionThatIsWrong()
    {
        assertRejected("--listen is required", "--forward", "127.0.0.1:1");
        assertRejected("--forward is required", "--listen", "127.0.0.1:1");
        assertRejected("--listen needs a value", "--listen");
        assertRejected("unknown option --loss", "--loss", "5%");
        assertRejected("--forward is given twice", "--forward", "127.0.0.1:1", "--forward", "127.0.0.1:2");
        assertRejected("--listen '127.0.0.1'", "--listen", "127.0.0.1", "--forward", "127.0.0.1:1");
        assertRejected("profile field 'loss'", "--listen", "127.0.0.1:1", "--forward", "127.0.0.1:2", "--profile",
            "loss=200%");
    }

    private static void assertRejected(final String expectedPart, final String... args)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> RelayMain.parse(args));
        assertTrue(ex.getMessage().contains(expectedPart), "'" + ex.getMessage() + "' lacks '" + expectedPart + "'");
    }
}
