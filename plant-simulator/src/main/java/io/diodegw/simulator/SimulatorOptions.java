package io.diodegw.simulator;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;

/**
 * Immutable settings of a {@link PlantSimulator}. Build with {@link #builder()}; {@link Builder#build()} validates
 * every value and names the offending one in its {@link IllegalArgumentException}.
 *
 * <p>Change rate: by default every tag changes with the same period, {@code tagCount / updatesPerSecond} seconds,
 * with the tags' phases spread so that about {@code updatesPerSecond * tickIntervalMs / 1000} tags change per tick.
 * {@link Builder#tagPeriodMs(IntToLongFunction)} replaces that with a period per tag. Periods are rounded to whole
 * ticks (at least one), so the highest reachable rate is {@code tagCount * 1000 / tickIntervalMs} updates/s.
 */
public final class SimulatorOptions {

    /** Largest supported tag count. */
    public static final int MAX_TAGS = 1_000_000;

    private final String host;
    private final int port;
    private final String path;
    private final int tagCount;
    private final double updatesPerSecond;
    private final IntToLongFunction tagPeriodMs;
    private final long tickIntervalMs;
    private final long seed;
    private final IntToDoubleFunction badProbability;
    private final int historyDepth;
    private final int tagsPerUnit;
    private final int unitsPerArea;
    private final String user;
    private final String password;
    private final boolean anonymousAllowed;
    private final List<X509Certificate> trustedClientCertificates;
    private final Clock clock;

    private SimulatorOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.path = b.path;
        this.tagCount = b.tagCount;
        this.updatesPerSecond = b.updatesPerSecond;
        this.tagPeriodMs = b.tagPeriodMs;
        this.tickIntervalMs = b.tickIntervalMs;
        this.seed = b.seed;
        this.badProbability = b.badProbability;
        this.historyDepth = b.historyDepth;
        this.tagsPerUnit = b.tagsPerUnit;
        this.unitsPerArea = b.unitsPerArea;
        this.user = b.user;
        this.password = b.password;
        this.anonymousAllowed = b.anonymousAllowed;
        this.trustedClientCertificates = List.copyOf(b.trustedClientCertificates);
        this.clock = b.clock;
    }

    /** @return a builder holding the defaults: 127.0.0.1:4840, 1,000 tags, 1,000 updates/s, seed 1 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return address the server binds to and names in its endpoint URLs */
    public String host() {
        return host;
    }

    /** @return TCP port; 0 means a free port chosen at start ({@link PlantSimulator#port()} tells which) */
    public int port() {
        return port;
    }

    /** @return endpoint path, starting with '/' */
    public String path() {
        return path;
    }

    /** @return number of simulated variables */
    public int tagCount() {
        return tagCount;
    }

    /** @return total tag changes per second across all tags (unless a per-tag period is set) */
    public double updatesPerSecond() {
        return updatesPerSecond;
    }

    /** @return the per-tag period in milliseconds, or null when the global rate applies */
    public IntToLongFunction tagPeriodMs() {
        return tagPeriodMs;
    }

    /** @return scheduler tick in milliseconds */
    public long tickIntervalMs() {
        return tickIntervalMs;
    }

    /** @return seed of every simulated value and status */
    public long seed() {
        return seed;
    }

    /** @return probability in [0, 1] that a change of tag {@code i} carries a Bad or Uncertain status */
    public IntToDoubleFunction badProbability() {
        return badProbability;
    }

    /** @return number of past values kept per tag for HistoryRead */
    public int historyDepth() {
        return historyDepth;
    }

    /** @return variables per Unit folder */
    public int tagsPerUnit() {
        return tagsPerUnit;
    }

    /** @return Unit folders per Area folder */
    public int unitsPerArea() {
        return unitsPerArea;
    }

    /** @return user name accepted on every endpoint */
    public String user() {
        return user;
    }

    /** @return password of {@link #user()} */
    public String password() {
        return password;
    }

    /** @return whether anonymous sessions are accepted on the security-None endpoint */
    public boolean anonymousAllowed() {
        return anonymousAllowed;
    }

    /** @return client certificates trusted on secure endpoints; empty means every client certificate is accepted */
    public List<X509Certificate> trustedClientCertificates() {
        return trustedClientCertificates;
    }

    /** @return clock of the source timestamps */
    public Clock clock() {
        return clock;
    }

    /** Mutable, single-threaded builder of {@link SimulatorOptions}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 4840;
        private String path = "/plant";
        private int tagCount = 1_000;
        private double updatesPerSecond = 1_000;
        private IntToLongFunction tagPeriodMs;
        private long tickIntervalMs = 10;
        private long seed = 1;
        private IntToDoubleFunction badProbability = i -> 0.0;
        private int historyDepth = 100;
        private int tagsPerUnit = 100;
        private int unitsPerArea = 10;
        private String user = "operator";
        private String password = "plant";
        private boolean anonymousAllowed = true;
        private List<X509Certificate> trustedClientCertificates = List.of();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** @param host address to bind and to name in endpoint URLs (an IP literal or a resolvable name) */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** @param port TCP port, 0 for a free one */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** @param path endpoint path starting with '/' */
        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** @param tagCount number of variables, 1 to {@link #MAX_TAGS} */
        public Builder tagCount(int tagCount) {
            this.tagCount = tagCount;
            return this;
        }

        /** @param updatesPerSecond total changes per second across all tags, &gt; 0 */
        public Builder updatesPerSecond(double updatesPerSecond) {
            this.updatesPerSecond = updatesPerSecond;
            return this;
        }

        /** @param tagPeriodMs period of tag {@code i} in ms (&gt; 0); replaces the global rate; null restores it */
        public Builder tagPeriodMs(IntToLongFunction tagPeriodMs) {
            this.tagPeriodMs = tagPeriodMs;
            return this;
        }

        /** @param tickIntervalMs scheduler tick, 1 to 1000 ms */
        public Builder tickIntervalMs(long tickIntervalMs) {
            this.tickIntervalMs = tickIntervalMs;
            return this;
        }

        /** @param seed seed of all simulated values */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param probability chance in [0, 1] that a change of any tag carries a Bad or Uncertain status */
        public Builder badProbability(double probability) {
            checkProbability(probability, "badProbability");
            this.badProbability = i -> probability;
            return this;
        }

        /** @param perTag chance in [0, 1] for tag {@code i}; evaluated once per tag at start */
        public Builder badProbability(IntToDoubleFunction perTag) {
            this.badProbability = Objects.requireNonNull(perTag, "badProbability");
            return this;
        }

        /** @param historyDepth values kept per tag for HistoryRead, 1 to 100,000 */
        public Builder historyDepth(int historyDepth) {
            this.historyDepth = historyDepth;
            return this;
        }

        /** @param tagsPerUnit variables per Unit folder, &ge; 1 */
        public Builder tagsPerUnit(int tagsPerUnit) {
            this.tagsPerUnit = tagsPerUnit;
            return this;
        }

        /** @param unitsPerArea Unit folders per Area folder, &ge; 1 */
        public Builder unitsPerArea(int unitsPerArea) {
            this.unitsPerArea = unitsPerArea;
            return this;
        }

        /** @param user user name accepted on every endpoint */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /** @param password password of the user */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** @param allowed whether anonymous sessions are accepted on the security-None endpoint */
        public Builder anonymousAllowed(boolean allowed) {
            this.anonymousAllowed = allowed;
            return this;
        }

        /** @param certificates client certificates to trust; empty accepts every client certificate */
        public Builder trustedClientCertificates(List<X509Certificate> certificates) {
            this.trustedClientCertificates = List.copyOf(certificates);
            return this;
        }

        /** @param clock clock of the source timestamps */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return validated options
         * @throws IllegalArgumentException naming the first invalid value
         */
        public SimulatorOptions build() {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port=" + port + " must be 0..65535");
            }
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path='" + path + "' must start with '/'");
            }
            if (tagCount < 1 || tagCount > MAX_TAGS) {
                throw new IllegalArgumentException("tagCount=" + tagCount + " must be 1.." + MAX_TAGS);
            }
            if (!(updatesPerSecond > 0) || Double.isInfinite(updatesPerSecond)) {
                throw new IllegalArgumentException("updatesPerSecond=" + updatesPerSecond + " must be > 0");
            }
            if (tickIntervalMs < 1 || tickIntervalMs > 1_000) {
                throw new IllegalArgumentException("tickIntervalMs=" + tickIntervalMs + " must be 1..1000");
            }
            if (historyDepth < 1 || historyDepth > 100_000) {
                throw new IllegalArgumentException("historyDepth=" + historyDepth + " must be 1..100000");
            }
            if ((long) historyDepth * tagCount > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("historyDepth=" + historyDepth + " x tagCount=" + tagCount
                        + " exceeds " + (Integer.MAX_VALUE - 8) + " history slots");
            }
            if (tagsPerUnit < 1) {
                throw new IllegalArgumentException("tagsPerUnit=" + tagsPerUnit + " must be >= 1");
            }
            if (unitsPerArea < 1) {
                throw new IllegalArgumentException("unitsPerArea=" + unitsPerArea + " must be >= 1");
            }
            if (user.isEmpty()) {
                throw new IllegalArgumentException("user must not be empty");
            }
            return new SimulatorOptions(this);
        }

        private static void checkProbability(double p, String name) {
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException(name + "=" + p + " must be within [0, 1]");
            }
        }
    }
}
