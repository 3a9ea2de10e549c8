package dev.aeromq;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Settings of a {@link Communicator}: media driver, threads, transport sizes and socket defaults.
 * Immutable; build with {@link #builder()} or read with {@link #fromEnvironment()}.
 * <p>
 * Defaults suit a small shared machine: an embedded media driver in SHARED threading mode and
 * backoff idle strategies. {@link Idle#BUSY_SPIN} with {@link DriverThreading#DEDICATED} is the
 * low-latency profile, worth it only with cores to spare.
 */
public final class Config
{
    /** Wait forever: the value of a timeout that has none. */
    public static final Duration FOREVER = Duration.ofSeconds(-1);

    /** How the threads of AeroMQ's engine and an embedded media driver wait when idle. */
    public enum Idle
    {
        /** Spin, then yield, then park for growing intervals up to 1 ms: low CPU, good latency. */
        BACKOFF,
        /** Park 1 ms when idle: lowest CPU, ~1 ms latency. */
        SLEEPING,
        /** Thread.yield when idle. */
        YIELDING,
        /** Never sleep: lowest latency, burns a core per thread. */
        BUSY_SPIN
    }

    /** Threading of an embedded media driver (see Aeron's ThreadingMode). */
    public enum DriverThreading
    {
        /** One thread for conductor, sender and receiver. */
        SHARED,
        /** One conductor thread, one thread for sender and receiver. */
        SHARED_NETWORK,
        /** Conductor, sender and receiver each on its own thread. */
        DEDICATED
    }

    /** What a PUB does when a subscriber cannot take a message. */
    public enum PublisherBackPressure
    {
        /** Drop the message for that subscriber (ZeroMQ semantics): the publisher never blocks. */
        DROP,
        /** Wait, up to the send timeout, until every matching subscriber can take it (lossless). */
        WAIT
    }

    private final String aeronDirectory;
    private final boolean externalDriver;
    private final DriverThreading driverThreading;
    private final Idle idle;
    private final int engineThreads;
    private final int attachmentThreshold;
    private final int termLength;
    private final Duration sendTimeout;
    private final Duration receiveTimeout;
    private final Duration linger;
    private final int receiveHighWaterMark;
    private final Duration heartbeatInterval;
    private final Duration peerTimeout;
    private final PublisherBackPressure publisherBackPressure;
    private final Consumer<Throwable> errorHandler;

    private Config(final Builder b)
    {
        aeronDirectory = b.aeronDirectory;
        externalDriver = b.externalDriver;
        driverThreading = b.driverThreading;
        idle = b.idle;
        engineThreads = b.engineThreads;
        attachmentThreshold = b.attachmentThreshold;
        termLength = b.termLength;
        sendTimeout = b.sendTimeout;
        receiveTimeout = b.receiveTimeout;
        linger = b.linger;
        receiveHighWaterMark = b.receiveHighWaterMark;
        heartbeatInterval = b.heartbeatInterval;
        peerTimeout = b.peerTimeout;
        publisherBackPressure = b.publisherBackPressure;
        errorHandler = b.errorHandler;
    }

    /**
     * @return a builder holding the defaults.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the defaults.
     */
    public static Config defaults()
    {
        return new Builder().build();
    }

    /**
     * The defaults, overridden by {@code AEROMQ_*} environment variables and then by {@code aeromq.*}
     * system properties (see {@link Key}). An unknown or malformed one fails fast.
     *
     * @return the configuration.
     * @throws ConfigException naming the variable or property that is unknown or malformed.
     */
    public static Config fromEnvironment()
    {
        final Properties properties = System.getProperties();
        final Map<String, String> props = new TreeMap<>();
        for (final String name : properties.stringPropertyNames())
        {
            props.put(name, properties.getProperty(name));
        }
        return from(System.getenv(), props);
    }

    static Config from(final Map<String, String> environment, final Map<String, String> properties)
    {
        final Builder builder = builder();
        new TreeMap<>(environment).forEach((name, value) ->
        {
            if (name.startsWith("AEROMQ_"))
            {
                Key.ofEnv(name).apply(builder, name, value);
            }
        });
        new TreeMap<>(properties).forEach((name, value) ->
        {
            if (name.startsWith("aeromq."))
            {
                Key.ofProperty(name).apply(builder, name, value);
            }
        });
        return builder.build();
    }

    /**
     * The settings that {@link #fromEnvironment()} reads, each as environment variable
     * {@code AEROMQ_NAME} and system property {@code aeromq.name}.
     */
    public enum Key
    {
        /** {@code AEROMQ_AERON_DIR} / {@code aeromq.aeron.dir}: Aeron directory (path). */
        AERON_DIR((b, v) -> b.aeronDirectory(v)),
        /** {@code AEROMQ_EXTERNAL_DRIVER} / {@code aeromq.external.driver}: true to attach to a running driver. */
        EXTERNAL_DRIVER((b, v) -> b.externalDriver(parseBoolean(v))),
        /** {@code AEROMQ_DRIVER_THREADING}: shared, shared_network or dedicated. */
        DRIVER_THREADING((b, v) -> b.driverThreading(parseEnum(DriverThreading.class, v))),
        /** {@code AEROMQ_IDLE_STRATEGY}: backoff, sleeping, yielding or busy_spin. */
        IDLE_STRATEGY((b, v) -> b.idle(parseEnum(Idle.class, v))),
        /** {@code AEROMQ_ENGINE_THREADS}: number of engine threads (1 or more). */
        ENGINE_THREADS((b, v) -> b.engineThreads(parseInt(v))),
        /** {@code AEROMQ_ATTACHMENT_THRESHOLD}: frame size from which frames are zero-copy attachments (e.g. 1k). */
        ATTACHMENT_THRESHOLD((b, v) -> b.attachmentThreshold(parseSize(v))),
        /** {@code AEROMQ_TERM_LENGTH}: Aeron term length, a power of two from 64k to 1g (e.g. 16m). */
        TERM_LENGTH((b, v) -> b.termLength(parseSize(v))),
        /** {@code AEROMQ_SEND_TIMEOUT}: default send timeout (e.g. 500ms, 2s, forever). */
        SEND_TIMEOUT((b, v) -> b.sendTimeout(parseDuration(v))),
        /** {@code AEROMQ_RECEIVE_TIMEOUT}: default receive timeout. */
        RECEIVE_TIMEOUT((b, v) -> b.receiveTimeout(parseDuration(v))),
        /** {@code AEROMQ_LINGER}: default linger on close. */
        LINGER((b, v) -> b.linger(parseDuration(v))),
        /** {@code AEROMQ_RECEIVE_HWM}: default receive high-water mark (messages). */
        RECEIVE_HWM((b, v) -> b.receiveHighWaterMark(parseInt(v))),
        /** {@code AEROMQ_HEARTBEAT_INTERVAL}: how often an idle link says it is alive. */
        HEARTBEAT_INTERVAL((b, v) -> b.heartbeatInterval(parseDuration(v))),
        /** {@code AEROMQ_PEER_TIMEOUT}: silence after which a peer counts as gone. */
        PEER_TIMEOUT((b, v) -> b.peerTimeout(parseDuration(v))),
        /** {@code AEROMQ_PUBLISHER_BACK_PRESSURE}: drop or wait. */
        PUBLISHER_BACK_PRESSURE((b, v) -> b.publisherBackPressure(parseEnum(PublisherBackPressure.class, v)));

        private final BiConsumer<Builder, String> setter;

        Key(final BiConsumer<Builder, String> setter)
        {
            this.setter = setter;
        }

        /**
         * @return the environment variable name, e.g. {@code AEROMQ_AERON_DIR}.
         */
        public String environmentVariable()
        {
            return "AEROMQ_" + name();
        }

        /**
         * @return the system property name, e.g. {@code aeromq.aeron.dir}.
         */
        public String systemProperty()
        {
            return "aeromq." + name().toLowerCase(Locale.ROOT).replace('_', '.');
        }

        void apply(final Builder builder, final String source, final String value)
        {
            try
            {
                setter.accept(builder, value.trim());
            }
            catch (final ConfigException | IllegalArgumentException ex)
            {
                throw new ConfigException(source + "=" + value + " is malformed: " + ex.getMessage(), ex);
            }
        }

        static Key ofEnv(final String name)
        {
            for (final Key key : values())
            {
                if (key.environmentVariable().equals(name))
                {
                    return key;
                }
            }
            throw new ConfigException("unknown environment variable " + name + "; AeroMQ reads " + names(true));
        }

        static Key ofProperty(final String name)
        {
            for (final Key key : values())
            {
                if (key.systemProperty().equals(name))
                {
                    return key;
                }
            }
            throw new ConfigException("unknown system property " + name + "; AeroMQ reads " + names(false));
        }

        private static String names(final boolean env)
        {
            final var sb = new StringBuilder();
            for (final Key key : values())
            {
                sb.append(sb.isEmpty() ? "" : ", ").append(env ? key.environmentVariable() : key.systemProperty());
            }
            return sb.toString();
        }
    }

    static boolean parseBoolean(final String value)
    {
        return switch (value.toLowerCase(Locale.ROOT))
        {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    static int parseInt(final String value)
    {
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("expected a whole number");
        }
    }

    static <E extends Enum<E>> E parseEnum(final Class<E> type, final String value)
    {
        for (final E e : type.getEnumConstants())
        {
            if (e.name().equalsIgnoreCase(value.replace('-', '_')))
            {
                return e;
            }
        }
        final var sb = new StringBuilder();
        for (final E e : type.getEnumConstants())
        {
            sb.append(sb.isEmpty() ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("expected one of " + sb);
    }

    /**
     * @param value bytes, optionally with a k, m or g suffix (powers of 1024).
     * @return the size in bytes.
     */
    static int parseSize(final String value)
    {
        final String v = value.toLowerCase(Locale.ROOT);
        final char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        final long multiplier = switch (unit)
        {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        final String digits = multiplier == 1 ? v : v.substring(0, v.length() - 1);
        try
        {
            final long size = Long.parseLong(digits) * multiplier;
            if (size < 0 || size > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException("size out of range");
            }
            return (int)size;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("expected a size such as 65536, 64k or 16m");
        }
    }

    /**
     * @param value e.g. 250ms, 2s, 1m, an ISO-8601 duration (PT2S), or forever / -1.
     * @return the duration ({@link #FOREVER} for forever).
     */
    static Duration parseDuration(final String value)
    {
        final String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("forever") || v.equals("-1"))
        {
            return FOREVER;
        }
        try
        {
            if (v.startsWith("pt"))
            {
                return Duration.parse(value);
            }
            if (v.endsWith("ms"))
            {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("us"))
            {
                return Duration.ofNanos(Long.parseLong(v.substring(0, v.length() - 2)) * 1000);
            }
            if (v.endsWith("s"))
            {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m"))
            {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
        }
        catch (final NumberFormatException | DateTimeParseException ignore)
        {
            // falls through to the error below
        }
        throw new IllegalArgumentException("expected a duration such as 250ms, 2s, 1m, PT2S or forever");
    }

    /** @return the Aeron directory, or null for a fresh unique one per embedded driver. */
    public String aeronDirectory()
    {
        return aeronDirectory;
    }

    /** @return true to attach to a running media driver instead of embedding one. */
    public boolean externalDriver()
    {
        return externalDriver;
    }

    /** @return threading mode of an embedded media driver. */
    public DriverThreading driverThreading()
    {
        return driverThreading;
    }

    /** @return idle strategy of the engine and embedded driver threads. */
    public Idle idle()
    {
        return idle;
    }

    /** @return number of engine threads polling the sockets' streams. */
    public int engineThreads()
    {
        return engineThreads;
    }

    /** @return frames of this many bytes or more travel as zero-copy attachments. */
    public int attachmentThreshold()
    {
        return attachmentThreshold;
    }

    /** @return Aeron term length of every stream; the largest message is an eighth of it. */
    public int termLength()
    {
        return termLength;
    }

    /** @return default send timeout of new sockets ({@link #FOREVER} when none). */
    public Duration sendTimeout()
    {
        return sendTimeout;
    }

    /** @return default receive timeout of new sockets ({@link #FOREVER} when none). */
    public Duration receiveTimeout()
    {
        return receiveTimeout;
    }

    /** @return default linger of new sockets. */
    public Duration linger()
    {
        return linger;
    }

    /** @return default receive high-water mark of new sockets, in messages. */
    public int receiveHighWaterMark()
    {
        return receiveHighWaterMark;
    }

    /** @return how often an idle link sends a heartbeat. */
    public Duration heartbeatInterval()
    {
        return heartbeatInterval;
    }

    /** @return how long a silent peer lives before it is dropped. */
    public Duration peerTimeout()
    {
        return peerTimeout;
    }

    /** @return what a PUB does with a subscriber that cannot keep up. */
    public PublisherBackPressure publisherBackPressure()
    {
        return publisherBackPressure;
    }

    /** @return where errors that no caller can receive go (bad frames, failing handlers). */
    public Consumer<Throwable> errorHandler()
    {
        return errorHandler;
    }

    @Override
    public String toString()
    {
        return "Config{aeronDirectory=" + aeronDirectory + ", externalDriver=" + externalDriver +
            ", driverThreading=" + driverThreading + ", idle=" + idle + ", engineThreads=" + engineThreads +
            ", attachmentThreshold=" + attachmentThreshold + ", termLength=" + termLength +
            ", sendTimeout=" + sendTimeout + ", receiveTimeout=" + receiveTimeout + ", linger=" + linger +
            ", receiveHighWaterMark=" + receiveHighWaterMark + ", heartbeatInterval=" + heartbeatInterval +
            ", peerTimeout=" + peerTimeout + ", publisherBackPressure=" + publisherBackPressure + '}';
    }

    /**
     * Builds a {@link Config}; every setter validates its value at once.
     */
    public static final class Builder
    {
        private String aeronDirectory;
        private boolean externalDriver;
        private DriverThreading driverThreading = DriverThreading.SHARED;
        private Idle idle = Idle.BACKOFF;
        private int engineThreads = 1;
        private int attachmentThreshold = 1024;
        private int termLength = 16 * 1024 * 1024;
        private Duration sendTimeout = FOREVER;
        private Duration receiveTimeout = FOREVER;
        private Duration linger = Duration.ofSeconds(1);
        private int receiveHighWaterMark = 1000;
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration peerTimeout = Duration.ofSeconds(5);
        private PublisherBackPressure publisherBackPressure = PublisherBackPressure.DROP;
        private Consumer<Throwable> errorHandler = Builder::printError;

        private Builder()
        {
        }

        private static void printError(final Throwable error)
        {
            System.err.println("AeroMQ: " + error);
        }

        /**
         * @param directory Aeron directory; with an embedded driver, null (default) picks a fresh one.
         * @return this builder.
         */
        public Builder aeronDirectory(final String directory)
        {
            this.aeronDirectory = directory == null || directory.isBlank() ? null : directory;
            return this;
        }

        /**
         * @param external true to attach to an already running media driver (at
         *                 {@link #aeronDirectory}, or Aeron's default directory).
         * @return this builder.
         */
        public Builder externalDriver(final boolean external)
        {
            this.externalDriver = external;
            return this;
        }

        /**
         * @param threading of an embedded media driver.
         * @return this builder.
         */
        public Builder driverThreading(final DriverThreading threading)
        {
            this.driverThreading = Objects.requireNonNull(threading, "driverThreading");
            return this;
        }

        /**
         * @param idle strategy of engine and embedded driver threads.
         * @return this builder.
         */
        public Builder idle(final Idle idle)
        {
            this.idle = Objects.requireNonNull(idle, "idle");
            return this;
        }

        /**
         * @param threads engine threads; sockets are spread over them.
         * @return this builder.
         */
        public Builder engineThreads(final int threads)
        {
            if (threads < 1 || threads > 64)
            {
                throw new ConfigException("engineThreads must be 1 to 64, was " + threads);
            }
            this.engineThreads = threads;
            return this;
        }

        /**
         * @param bytes frames of this size or more are sent as zero-copy attachments.
         * @return this builder.
         */
        public Builder attachmentThreshold(final int bytes)
        {
            if (bytes < 0)
            {
                throw new ConfigException("attachmentThreshold must not be negative, was " + bytes);
            }
            this.attachmentThreshold = bytes;
            return this;
        }

        /**
         * @param bytes Aeron term length: a power of two from 64 KiB to 1 GiB.
         * @return this builder.
         */
        public Builder termLength(final int bytes)
        {
            if (bytes < 64 * 1024 || bytes > 1024 * 1024 * 1024 || Integer.bitCount(bytes) != 1)
            {
                throw new ConfigException(
                    "termLength must be a power of two from 64k to 1g, was " + bytes);
            }
            this.termLength = bytes;
            return this;
        }

        /**
         * @param timeout default send timeout; null or negative for forever.
         * @return this builder.
         */
        public Builder sendTimeout(final Duration timeout)
        {
            this.sendTimeout = orForever(timeout);
            return this;
        }

        /**
         * @param timeout default receive timeout; null or negative for forever.
         * @return this builder.
         */
        public Builder receiveTimeout(final Duration timeout)
        {
            this.receiveTimeout = orForever(timeout);
            return this;
        }

        /**
         * @param linger default linger of sockets on close; zero or more.
         * @return this builder.
         */
        public Builder linger(final Duration linger)
        {
            if (linger == null || linger.isNegative())
            {
                throw new ConfigException("linger must be zero or more, was " + linger);
            }
            this.linger = linger;
            return this;
        }

        /**
         * @param messages default receive high-water mark; 1 or more.
         * @return this builder.
         */
        public Builder receiveHighWaterMark(final int messages)
        {
            if (messages < 1)
            {
                throw new ConfigException("receiveHighWaterMark must be 1 or more, was " + messages);
            }
            this.receiveHighWaterMark = messages;
            return this;
        }

        /**
         * @param interval how often an idle link sends a heartbeat; positive.
         * @return this builder.
         */
        public Builder heartbeatInterval(final Duration interval)
        {
            this.heartbeatInterval = positive("heartbeatInterval", interval);
            return this;
        }

        /**
         * @param timeout silence after which a peer is dropped; positive.
         * @return this builder.
         */
        public Builder peerTimeout(final Duration timeout)
        {
            this.peerTimeout = positive("peerTimeout", timeout);
            return this;
        }

        /**
         * @param policy what a PUB does with a subscriber that cannot keep up.
         * @return this builder.
         */
        public Builder publisherBackPressure(final PublisherBackPressure policy)
        {
            this.publisherBackPressure = Objects.requireNonNull(policy, "publisherBackPressure");
            return this;
        }

        /**
         * @param handler receives errors no caller can: malformed frames, failing handlers.
         * @return this builder.
         */
        public Builder errorHandler(final Consumer<Throwable> handler)
        {
            this.errorHandler = Objects.requireNonNull(handler, "errorHandler");
            return this;
        }

        /**
         * @return the configuration.
         * @throws ConfigException if the values contradict each other.
         */
        public Config build()
        {
            if (peerTimeout.compareTo(heartbeatInterval) <= 0)
            {
                throw new ConfigException("peerTimeout (" + peerTimeout + ") must be longer than heartbeatInterval (" +
                    heartbeatInterval + ")");
            }
            return new Config(this);
        }

        private static Duration orForever(final Duration timeout)
        {
            return timeout == null || timeout.isNegative() ? FOREVER : timeout;
        }

        private static Duration positive(final String name, final Duration value)
        {
            if (value == null || value.isNegative() || value.isZero())
            {
                throw new ConfigException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
