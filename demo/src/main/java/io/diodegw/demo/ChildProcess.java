package io.diodegw.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One child process of the demo. Its stderr (and, unless it speaks a line protocol, its stdout) goes to a log file;
 * a protocol child's stdout lines are also queued for {@link #awaitLine(long)}. Started in a session of its own
 * when {@code setsid} is available, so a Ctrl-C in the terminal reaches only the demo, which then stops its
 * children itself after the final comparison.
 *
 * <p>Since a child runs in its own session, a SIGTERM to this JVM does not reach it: every child still running when
 * this JVM shuts down (a killed {@code bin/diode scenarios}, a test JVM ended early) is stopped by one shutdown
 * hook, all asked at once and then waited for.
 *
 * <p>Not thread-safe except {@link #close()}, which may run on a shutdown hook and is idempotent.
 */
final class ChildProcess implements AutoCloseable
{
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** Grace period between SIGTERM and SIGKILL in {@link #close()} unless given otherwise. */
    static final long DEFAULT_STOP_WAIT_MS = 15_000;

    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean STOP_HOOK = new AtomicBoolean();

    private final String name;
    private final Process process;
    private final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;
    private final long stopWaitMs;

    private ChildProcess(final String name, final Process process, final Path log, final long stopWaitMs)
    {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stopWaitMs = stopWaitMs;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * @param name        for messages.
     * @param command     the command line.
     * @param log         the log file (created or appended).
     * @param lineProtocol whether stdout is read line by line (and copied to {@code log} + ".out").
     * @return the started child.
     * @throws IOException if it cannot be started.
     */
    static ChildProcess start(final String name, final List<String> command, final Path log,
        final boolean lineProtocol) throws IOException
    {
        return start(name, command, log, lineProtocol, Map.of(), DEFAULT_STOP_WAIT_MS);
    }

    /**
     * As {@link #start(String, List, Path, boolean)}, with variables added to the inherited environment and the
     * grace period {@link #close()} gives the child after SIGTERM before it kills it.
     *
     * @param environment variables to set in the child's environment.
     * @param stopWaitMs  the grace period.
     */
    static ChildProcess start(final String name, final List<String> command, final Path log,
        final boolean lineProtocol, final Map<String, String> environment, final long stopWaitMs) throws IOException
    {
        final List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID))
        {
            full.add(SETSID.toString());
        }
        full.addAll(command);
        Files.writeString(log, String.join(" ", full) + System.lineSeparator(), StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        final ProcessBuilder builder = new ProcessBuilder(full)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        if (!lineProtocol)
        {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        final ChildProcess child = new ChildProcess(name, builder.start(), log, stopWaitMs);
        RUNNING.add(child);
        if (STOP_HOOK.compareAndSet(false, true))
        {
            Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::stopAllRunning, "demo-children-stop"));
        }
        if (lineProtocol)
        {
            final Path out = Path.of(log + ".out");
            final Thread reader = new Thread(() -> child.pump(out), "demo-" + name + "-stdout");
            reader.setDaemon(true);
            reader.start();
        }
        return child;
    }

    private void pump(final Path copy)
    {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Writer out = Files.newBufferedWriter(copy, StandardCharsets.UTF_8))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                lines.add(line);
                out.write(line);
                out.write(System.lineSeparator());
                out.flush();
            }
        }
        catch (final IOException ex)
        {
            lines.add("error reading stdout: " + ex.getMessage());
        }
    }

    /** @return the name given at start. */
    String name()
    {
        return name;
    }

    /** @return the log file. */
    Path log()
    {
        return log;
    }

    /** @return the process id. */
    long pid()
    {
        return process.pid();
    }

    /**
     * Kills the child and its descendants with SIGKILL, as {@code kill -9} does, and waits for the child to end.
     *
     * @param waitMs how long to wait.
     * @return whether it ended in time.
     */
    boolean kill(final long waitMs) throws InterruptedException
    {
        final List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        return process.waitFor(waitMs, TimeUnit.MILLISECONDS);
    }

    /** @return whether the process is still running. */
    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Writes one line to the child's stdin.
     *
     * @throws IOException if the child's stdin is closed.
     */
    void send(final String line) throws IOException
    {
        stdin.write(line);
        stdin.write('\n');
        stdin.flush();
    }

    /**
     * @param timeoutMs how long to wait.
     * @return the next stdout line.
     * @throws IOException if none came in time or the child ended.
     */
    String awaitLine(final long timeoutMs) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            final String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null)
            {
                return line;
            }
            if (!process.isAlive())
            {
                throw new IOException(name + " exited with code " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IOException(name + " did not answer within " + timeoutMs + " ms; see " + log);
            }
        }
    }

    /**
     * Asks the child and its descendants to stop (SIGTERM), and kills what is left after the grace period.
     * Idempotent.
     */
    @Override
    public void close()
    {
        final List<ProcessHandle> descendants = signalStop();
        try
        {
            if (!process.waitFor(stopWaitMs, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        RUNNING.remove(this);
    }

    private List<ProcessHandle> signalStop()
    {
        final List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        return descendants;
    }

    private static void stopAllRunning()
    {
        final List<ChildProcess> left = List.copyOf(RUNNING);
        left.forEach(ChildProcess::signalStop);
        left.forEach(ChildProcess::close);
    }
}
