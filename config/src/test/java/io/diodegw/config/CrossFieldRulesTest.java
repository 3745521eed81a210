package io.diodegw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CrossFieldRulesTest
{
    private static final Source FILE = Source.file("sender.yaml", 4);

    @Test
    void shouldDeriveTheSymbolSizeFromTheMtu()
    {
        assertEquals(1416, LinkSettings.symbolSizeBytes(1500));
        assertEquals(488, LinkSettings.symbolSizeBytes(576));
        assertEquals(9128, LinkSettings.symbolSizeBytes(9216));
        assertEquals(64, LinkSettings.symbolSizeBytes(148));
        assertEquals(56, LinkSettings.symbolSizeBytes(147));
    }

    @Test
    void shouldRejectAnMtuThatLeavesSymbolsBelow64Bytes()
    {
        assertNull(CrossFieldRules.symbolSizeProblem(148, FILE));
        assertEquals("link.mtuBytes=147 (from sender.yaml line 4) leaves FEC symbols of 56 bytes (MTU - 84, rounded "
            + "down to a multiple of 8), below the minimum 64; set it to at least 148 bytes",
            CrossFieldRules.symbolSizeProblem(147, FILE).message());
    }

    @Test
    void shouldRejectBlocksOfMoreThan255Symbols()
    {
        assertNull(CrossFieldRules.blockGeometryProblem(223, FILE, 32, Source.DEFAULT));
        assertEquals("link.fec.sourceSymbols=224 (from sender.yaml line 4) plus link.fec.repairSymbols=32 (from "
            + "default) is 256 symbols per FEC block, above the maximum 255; lower one of them so that their sum is "
            + "at most 255", CrossFieldRules.blockGeometryProblem(224, FILE, 32, Source.DEFAULT).message());
    }

    @Test
    void shouldHoldForEveryValueWithinTheDeclaredBoundsSoTheRulesGuardFutureBoundChanges()
    {
        for (int mtu = 576; mtu <= 9216; mtu++)
        {
            assertNull(CrossFieldRules.symbolSizeProblem(mtu, FILE), "mtu " + mtu);
        }
        for (int k = 1; k <= 128; k++)
        {
            for (int m = 0; m <= 32; m++)
            {
                assertNull(CrossFieldRules.blockGeometryProblem(k, FILE, m, FILE), k + "+" + m);
            }
        }
    }

    @Test
    void shouldAcceptAReorderWindowOfAtLeastTheInterleaveDepth()
    {
        assertNull(CrossFieldRules.reorderWindowProblem(8, FILE, 8, Source.DEFAULT));
        assertEquals("receiver.reorderWindowBlocks", CrossFieldRules.reorderWindowProblem(7, FILE, 8, Source.DEFAULT)
            .key());
    }

    @Test
    void shouldAcceptAnEmptyOrHttpOrHttpsWebhookUrl()
    {
        assertNull(CrossFieldRules.webhookUrlProblem("", FILE));
        assertNull(CrossFieldRules.webhookUrlProblem("http://127.0.0.1:8099/hook", FILE));
        assertNull(CrossFieldRules.webhookUrlProblem("HTTPS://alerts.example.com/diodegw?team=ot", FILE));
    }

    @Test
    void shouldRejectAWebhookUrlWithAnotherSchemeNamingTheKeyAndTheFix()
    {
        final ConfigProblem problem = CrossFieldRules.webhookUrlProblem("ftp://alerts.example.com/x", FILE);
        assertEquals("receiver.alarms.webhookUrl", problem.key());
        assertEquals("receiver.alarms.webhookUrl=ftp://alerts.example.com/x (from sender.yaml line 4) has the scheme "
            + "ftp; set it to an http:// or https:// URL with a host, such as https://alerts.example.com/diodegw, or "
            + "leave it empty to send no alarm webhook", problem.message());
    }

    @Test
    void shouldRejectAWebhookUrlWithoutSchemeOrHostOrThatIsNoUrl()
    {
        assertTrue(CrossFieldRules.webhookUrlProblem("alerts.example.com/hook", FILE).message()
            .contains(" has no scheme; "));
        assertTrue(CrossFieldRules.webhookUrlProblem("http:///hook", FILE).message().contains(" has no host; "));
        assertTrue(CrossFieldRules.webhookUrlProblem("http://a b/", FILE).message().contains(" is not a URL ("));
    }

    @Test
    void shouldAskForAClusterAndALegalNameForTheAlarmTopic()
    {
        assertNull(CrossFieldRules.alarmTopicProblem("site1.diodegw.alarms", FILE, true));
        final ConfigProblem noCluster = CrossFieldRules.alarmTopicProblem("site1.diodegw.alarms", FILE, false);
        assertEquals("receiver.alarms.kafkaTopic", noCluster.key());
        assertEquals("receiver.alarms.kafkaTopic=site1.diodegw.alarms (from sender.yaml line 4) needs a cluster: set "
            + "receiver.sinks.kafka.bootstrapServers (host:port[,host:port...]), or remove receiver.alarms.kafkaTopic",
            noCluster.message());
        assertTrue(CrossFieldRules.alarmTopicProblem("alarms/ot", FILE, true).message()
            .contains(" is not a Kafka topic name; "));
        assertTrue(CrossFieldRules.alarmTopicProblem("..", FILE, true).message().contains(" is not a Kafka topic"));
    }
}
