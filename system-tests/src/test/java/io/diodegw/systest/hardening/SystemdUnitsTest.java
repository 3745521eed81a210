package io.diodegw.systest.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hardening of packaging/systemd's units cannot be removed silently: every directive the security review relies
 * on is asserted here with its value, for both units, and each unit must run {@code bin/diode} with the command and
 * configuration path docs/operations.md gives.
 */
class SystemdUnitsTest
{
    private static final Path HOME = Path.of("").toAbsolutePath().getParent();
    private static final Path UNITS = HOME.resolve("packaging/systemd");
    private static final String SERVICE = "Service";

    /** Directive and the exact value (all of a repeated directive's values, joined by " | "). */
    private static final Map<String, String> REQUIRED = new LinkedHashMap<>();

    static
    {
        REQUIRED.put("User", "diodegw");
        REQUIRED.put("Group", "diodegw");
        REQUIRED.put("NoNewPrivileges", "yes");
        REQUIRED.put("ProtectSystem", "strict");
        REQUIRED.put("ProtectHome", "yes");
        REQUIRED.put("PrivateTmp", "yes");
        REQUIRED.put("PrivateDevices", "yes");
        REQUIRED.put("CapabilityBoundingSet", "");
        REQUIRED.put("AmbientCapabilities", "");
        REQUIRED.put("RestrictSUIDSGID", "yes");
        REQUIRED.put("ProtectKernelTunables", "yes");
        REQUIRED.put("ProtectKernelModules", "yes");
        REQUIRED.put("ProtectKernelLogs", "yes");
        REQUIRED.put("ProtectControlGroups", "yes");
        REQUIRED.put("ProtectClock", "yes");
        REQUIRED.put("RestrictNamespaces", "yes");
        REQUIRED.put("RestrictRealtime", "yes");
        REQUIRED.put("LockPersonality", "yes");
        REQUIRED.put("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX");
        REQUIRED.put("SystemCallArchitectures", "native");
        REQUIRED.put("SystemCallFilter", "@system-service | ~@privileged @resources");
        REQUIRED.put("SystemCallErrorNumber", "EPERM");
        REQUIRED.put("UMask", "0077");
        REQUIRED.put("Restart", "on-failure");
        REQUIRED.put("LimitNOFILE", "65536");
        REQUIRED.put("StateDirectoryMode", "0700");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sender", "receiver"})
    void shouldKeepEveryHardeningDirectiveWithItsValue(final String side) throws IOException
    {
        final Map<String, List<String>> service = parse(unit(side)).get(SERVICE);
        final List<String> wrong = new ArrayList<>();
        for (final Map.Entry<String, String> e : REQUIRED.entrySet())
        {
            final List<String> values = service.get(e.getKey());
            final String actual = values == null ? null : String.join(" | ", values);
            if (!e.getValue().equals(actual))
            {
                wrong.add(e.getKey() + "=" + actual + " (expected '" + e.getValue() + "')");
            }
        }
        assertEquals(List.of(), wrong, "diodegw-" + side + ".service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sender", "receiver"})
    void shouldRunBinDiodeWithTheSidesConfigurationAndWriteOnlyItsStateDirectory(final String side)
        throws IOException
    {
        final Map<String, List<String>> service = parse(unit(side)).get(SERVICE);
        final String command = side.equals("sender") ? "send" : "receive";
        assertEquals(List.of("/opt/diodegw/bin/diode " + command + " --config /etc/diodegw/" + side + ".yaml"),
            service.get("ExecStart"));
        assertEquals(List.of("/opt/diodegw/bin/diode check-config --config /etc/diodegw/" + side + ".yaml --side "
            + side), service.get("ExecStartPre"));
        assertEquals(List.of("diodegw/" + side), service.get("StateDirectory"));
        assertEquals(List.of("/var/lib/diodegw/" + side), service.get("ReadWritePaths"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sender", "receiver"})
    void shouldNotEnableMemoryDenyWriteExecuteBecauseTheJitWritesCodeItExecutes(final String side) throws IOException
    {
        final String text = Files.readString(unit(side), StandardCharsets.UTF_8);
        assertFalse(parse(unit(side)).get(SERVICE).containsKey("MemoryDenyWriteExecute"));
        assertTrue(text.contains("MemoryDenyWriteExecute=yes is NOT set: the JVM's JIT"),
            "the unit must say why MemoryDenyWriteExecute is absent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sender", "receiver"})
    void shouldAllowNoNetlinkPacketOrRawSocketFamily(final String side) throws IOException
    {
        final Set<String> families = new TreeSet<>(Arrays.asList(
            String.join(" ", parse(unit(side)).get(SERVICE).get("RestrictAddressFamilies")).split("\\s+")));
        assertEquals(Set.of("AF_INET", "AF_INET6", "AF_UNIX"), families);
    }

    @Test
    void shouldStartTheSenderThroughBinDiodeWithChronicleAnalyticsDisabled() throws IOException
    {
        final String diode = Files.readString(HOME.resolve("bin/diode"), StandardCharsets.UTF_8);
        assertTrue(diode.contains("send)         run_chronicle_java sender-ot io.diodegw.sender.SenderMain"), diode);
        final String jvmArgs = diode.lines().filter(l -> l.startsWith("chronicle_jvm_args=")).findFirst()
            .orElse("");
        assertTrue(jvmArgs.contains("-Dchronicle.analytics.disable=true"), "bin/diode: " + jvmArgs);
    }

    @Test
    void shouldDeclareTheUnprivilegedUserAndPrivateFolders() throws IOException
    {
        final List<String> users = meaningfulLines(UNITS.resolve("sysusers-diodegw.conf"));
        assertEquals(1, users.size(), users.toString());
        assertTrue(users.get(0).startsWith("u diodegw - ") && users.get(0).endsWith(" /usr/sbin/nologin"),
            users.get(0));
        assertEquals(List.of("d /etc/diodegw     0700 diodegw diodegw -", "d /var/lib/diodegw 0700 diodegw diodegw -"),
            meaningfulLines(UNITS.resolve("tmpfiles-diodegw.conf")));
    }

    @Test
    void shouldParseRepeatedDirectivesEmptyValuesAndCommentsLikeSystemd()
    {
        final Map<String, Map<String, List<String>>> unit = parse(List.of("# comment", "[Service]", "; other comment",
            "A=1", "A = 2", "Empty=", "[Install]", "A=3"));
        assertEquals(List.of("1", "2"), unit.get(SERVICE).get("A"));
        assertEquals(List.of(""), unit.get(SERVICE).get("Empty"));
        assertEquals(List.of("3"), unit.get("Install").get("A"));
    }

    private static Path unit(final String side)
    {
        return UNITS.resolve("diodegw-" + side + ".service");
    }

    private static List<String> meaningfulLines(final Path file) throws IOException
    {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static Map<String, Map<String, List<String>>> parse(final Path file) throws IOException
    {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** Sections to directives to their values in order; no line continuations (the units use none). */
    private static Map<String, Map<String, List<String>>> parse(final List<String> lines)
    {
        final Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (final String raw : lines)
        {
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";"))
            {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]"))
            {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            final int eq = line.indexOf('=');
            if (current == null || eq < 0 || line.endsWith("\\"))
            {
                throw new IllegalArgumentException("not a unit line: '" + raw + "'");
            }
            current.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                .add(line.substring(eq + 1).strip());
        }
        return sections;
    }
}
