package io.diodegw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExampleFilesTest
{
    private static final Path EXAMPLES = Path.of("examples");
    private static final int PROTOCOL_VERSION = 1;

    @Test
    void shouldLoadTheExampleSenderFile()
    {
        final Config config = ConfigLoader.load(Side.SENDER, EXAMPLES.resolve("sender.yaml"), Map.of());

        assertEquals(new HostPort("10.0.0.2", 4950), config.get(SenderSettings.DESTINATION));
        assertEquals(100_000_000L, config.get(SenderSettings.LINK_RATE_BITS_PER_SEC));
        assertEquals(Source.file("sender.yaml", 9), config.sourceOf(LinkSettings.MTU_BYTES));
    }

    @Test
    void shouldLoadTheExampleReceiverFile()
    {
        final Config config = ConfigLoader.load(Side.RECEIVER, EXAMPLES.resolve("receiver.yaml"), Map.of());

        assertEquals(List.of(Path.of("/etc/diodegw/sender-identity.pub.pem")),
            config.get(ReceiverSettings.TRUSTED_SENDER_KEY_FILES));
        assertEquals(true, config.get(ReceiverSettings.HTTP_ENABLED));
    }

    @Test
    void shouldGiveBothExampleFilesTheSameLinkFingerprint()
    {
        final Config sender = ConfigLoader.load(Side.SENDER, EXAMPLES.resolve("sender.yaml"), Map.of());
        final Config receiver = ConfigLoader.load(Side.RECEIVER, EXAMPLES.resolve("receiver.yaml"), Map.of());

        assertEquals(LinkFingerprint.canonicalText(sender, PROTOCOL_VERSION),
            LinkFingerprint.canonicalText(receiver, PROTOCOL_VERSION));
        assertEquals(LinkFingerprint.of(sender, PROTOCOL_VERSION), LinkFingerprint.of(receiver, PROTOCOL_VERSION));
    }
}
