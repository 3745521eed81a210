package io.diodegw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SettingsCatalogTest
{
    @Test
    void shouldDeclareEverySettingOnceWithADistinctEnvironmentVariable()
    {
        final Set<String> keys = new HashSet<>();
        final Set<String> variables = new HashSet<>();
        for (final Setting<?> s : Settings.all())
        {
            assertTrue(keys.add(s.key()), s.key());
            assertTrue(variables.add(s.envVariable()), s.envVariable());
            assertEquals(s, Settings.byKey(s.key()).orElseThrow());
            assertEquals(s, Settings.byEnvVariable(s.envVariable()).orElseThrow());
        }
        assertEquals(LinkSettings.ALL.size() + SenderSettings.ALL.size() + ReceiverSettings.ALL.size(), keys.size());
    }

    @Test
    void shouldPrefixEveryKeyWithTheSideThatReadsIt()
    {
        for (final Setting<?> s : Settings.all())
        {
            assertTrue(s.key().startsWith(s.side().label() + "."), s.key());
        }
    }

    @Test
    void shouldNameTheUnitInKeysOfDurationsSizesAndRates()
    {
        for (final Setting<?> s : Settings.all())
        {
            assertEquals(s.type() == SettingType.DURATION, s.key().endsWith("Ms"), s.key());
            assertEquals(s.type() == SettingType.BIT_RATE, s.key().endsWith("BitsPerSec"), s.key());
            assertEquals("bytes".equals(s.unit()), s.key().endsWith("Bytes"), s.key());
        }
    }

    @Test
    void shouldDescribeEverySettingInAtLeastTwoSentencesWithAnExampleForRequiredOnes()
    {
        for (final Setting<?> s : Settings.all())
        {
            assertTrue(s.description().endsWith("."), s.key());
            assertTrue(s.description().split("\\. ").length >= 2, s.key() + " needs a second sentence");
            assertTrue(s.summary().startsWith("the ") || s.summary().startsWith("whether "), s.key());
            assertEquals(s.isRequired(), s.example().isPresent(), s.key());
            assertFalse(s.isRequired() && s.defaultValue().isPresent(), s.key());
        }
    }

    @Test
    void shouldLetEachSideReadTheLinkSettingsAndItsOwn()
    {
        final List<Setting<?>> sender = Settings.readBy(Side.SENDER);

        assertTrue(sender.containsAll(LinkSettings.ALL));
        assertTrue(sender.containsAll(SenderSettings.ALL));
        assertEquals(LinkSettings.ALL.size() + SenderSettings.ALL.size(), sender.size());
        assertTrue(Settings.readBy(Side.RECEIVER).containsAll(ReceiverSettings.ALL));
    }
}
