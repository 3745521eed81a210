package io.diodegw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Feeds arbitrary text as YAML (plus a few arbitrary environment overrides) to {@link ConfigLoader}: the only
 * exception allowed out is {@link ConfigException}, every problem is one line, and an accepted configuration can
 * be described and fingerprinted.
 */
class ConfigLoaderFuzzTest
{
    private static final List<Setting<?>> SETTINGS = Settings.all();
    private static final int MAX_ENV_ENTRIES = 3;
    private static final int MAX_ENV_VALUE_CHARS = 40;

    @FuzzTest(maxDuration = "60s")
    void fuzzConfigText(final FuzzedDataProvider data)
    {
        final Side side = data.consumeBoolean() ? Side.SENDER : Side.RECEIVER;
        final int envEntries = data.consumeInt(0, MAX_ENV_ENTRIES);
        final Map<String, String> env = new HashMap<>();
        for (int i = 0; i < envEntries; i++)
        {
            final String name = data.consumeBoolean()
                ? SETTINGS.get(data.consumeInt(0, SETTINGS.size() - 1)).envVariable()
                : Setting.ENV_PREFIX + data.consumeString(MAX_ENV_VALUE_CHARS);
            env.put(name, data.consumeString(MAX_ENV_VALUE_CHARS));
        }
        final String yaml = data.consumeRemainingAsString();
        try
        {
            final Config config = ConfigLoader.fromText(side, side.fileName(), yaml, env);
            assertFalse(config.describe().isEmpty());
            assertEquals(LinkFingerprint.of(config, 1), LinkFingerprint.of(config, 1));
            for (final Setting<?> setting : config.settings())
            {
                assertTrue(setting.isOptional() || config.find(setting).isPresent(), setting.key());
            }
        }
        catch (final ConfigException ex)
        {
            assertFalse(ex.problems().isEmpty());
            for (final ConfigProblem problem : ex.problems())
            {
                assertFalse(problem.message().contains("\n"), problem.message());
                assertFalse(problem.message().contains("\r"), problem.message());
            }
        }
    }
}
