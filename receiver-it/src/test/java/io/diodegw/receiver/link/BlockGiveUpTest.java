package io.diodegw.receiver.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlockGiveUpTest
{
    private static final int WINDOW = 4;
    private static final int DEPTH = 2;
    private static final long TIMEOUT_NS = 1_000;
    private static final int SLOTS = 8;

    @Test
    void shouldGiveUpAtOnceWhenTheStreamMovedOnByTheReorderWindow()
    {
        final BlockGiveUp policy = new BlockGiveUp(WINDOW, DEPTH, TIMEOUT_NS, SLOTS);
        policy.onSymbol(10 + WINDOW - 1, 0);
        assertFalse(policy.shouldGiveUp(10, 10 + WINDOW - 1, 0));

        policy.onSymbol(10 + WINDOW, 0);

        assertTrue(policy.shouldGiveUp(10, 10 + WINDOW, 0));
    }

    @Test
    void shouldWaitWhileSymbolsOfTheBlocksInterleaveGroupStillArriveAndGiveUpWhenTheLinkWentQuiet()
    {
        final BlockGiveUp policy = new BlockGiveUp(WINDOW, DEPTH, TIMEOUT_NS, SLOTS);
        policy.onSymbol(5, 100);
        policy.onSymbol(6, 700);

        assertFalse(policy.shouldGiveUp(5, 6, 100 + TIMEOUT_NS), "symbols of the group arrived since");
        assertFalse(policy.shouldGiveUp(5, 6, 700 + TIMEOUT_NS - 1));
        assertTrue(policy.shouldGiveUp(5, 6, 700 + TIMEOUT_NS), "quiet since the last symbol");
    }

    @Test
    void shouldTimeTheWaitFromTheFirstSymbolOfALaterInterleaveGroupWhileTheLinkStaysBusy()
    {
        final BlockGiveUp policy = new BlockGiveUp(WINDOW, DEPTH, TIMEOUT_NS, SLOTS);
        policy.onSymbol(5, 100);
        policy.onSymbol(5 + DEPTH, 300);
        policy.onSymbol(5 + DEPTH, 1_200);

        assertFalse(policy.shouldGiveUp(5, 5 + DEPTH, 300 + TIMEOUT_NS - 1));
        assertTrue(policy.shouldGiveUp(5, 5 + DEPTH, 300 + TIMEOUT_NS));
    }

    @Test
    void shouldTimeAWhollyLostBlockFromTheFirstSymbolOfALaterGroup()
    {
        final BlockGiveUp policy = new BlockGiveUp(WINDOW, DEPTH, TIMEOUT_NS, SLOTS);
        policy.onSymbol(8, 300);
        policy.onSymbol(9, 400);

        assertFalse(policy.shouldGiveUp(7, 9, 300 + TIMEOUT_NS));
        assertTrue(policy.shouldGiveUp(7, 9, 400 + TIMEOUT_NS));
    }

    @Test
    void shouldNeverGiveUpABlockNothingSaysWasSent()
    {
        final BlockGiveUp policy = new BlockGiveUp(WINDOW, DEPTH, TIMEOUT_NS, SLOTS);
        policy.onSymbol(3, 0);
        policy.onHeartbeat(4, 0);

        assertFalse(policy.shouldGiveUp(4, 3, Long.MAX_VALUE / 2));
    }

    @Test
    void shouldTakeAHeartbeatBeyondTheBlockAsEvidenceThatItWasSent()
    {
        final BlockGiveUp policy = new BlockGiveUp(WINDOW, DEPTH, TIMEOUT_NS, SLOTS);
        policy.onHeartbeat(12, 5_000);

        assertEquals(12, policy.heartbeatNextBlock());
        assertFalse(policy.shouldGiveUp(11, 10, 5_000 + TIMEOUT_NS - 1));
        assertTrue(policy.shouldGiveUp(11, 10, 5_000 + TIMEOUT_NS));
        assertFalse(policy.shouldGiveUp(12, 11, Long.MAX_VALUE / 2));
    }

    @Test
    void shouldForgetEverythingAtARestart()
    {
        final BlockGiveUp policy = new BlockGiveUp(WINDOW, DEPTH, TIMEOUT_NS, SLOTS);
        policy.onSymbol(2, 0);
        policy.onHeartbeat(3, 0);

        policy.restart();

        assertEquals(-1, policy.heartbeatNextBlock());
        assertFalse(policy.shouldGiveUp(2, 1, TIMEOUT_NS * 10));
    }
}
