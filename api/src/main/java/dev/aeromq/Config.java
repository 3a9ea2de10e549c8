package dev.aeromq;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

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

    /** How a bound PUB reaches its SUBs (docs/architecture.md, "Fan-out"). */
    public enum FanOut
    {
        /** One stream per bound endpoint, read by every SUB: each message is written once. */
        SHARED,
        /** Each SUB on its own link, filtered at the PUB: for few SUBs with narrow topics over UDP. */
        PER_SUBSCRIBER
    }

    private final Map<Setting<?>, Object> values;
    private final Consumer<Throwable> errorHandler;
    private final Predicate<Peer> admission;

    private Config(final Builder builder)
    {
        values = new IdentityHashMap<>(builder.values);
        errorHandler = builder.errorHandler;
        admission = builder.admission;
    }

    /** @return a builder holding the defaults. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return the defaults. */
    public static Config defaults()
    {
        return new Builder().build();
    }

    /**
     * The defaults, overridden by {@code AEROMQ_*} environment variables and then by {@code aeromq.*}
     * system properties (see {@link ConfigKey}). A malformed value fails fast; an unknown name under those prefixes
     * is logged as a warning to {@code System.getLogger("dev.aeromq.Config")} and otherwise ignored.
     *
     * @return the configuration.
     * @throws ConfigException naming the variable or property whose value is malformed or invalid.
     */
    public static Config fromEnvironment()
    {
        return ConfigReader.config(System.getenv(), ConfigReader.systemProperties());
    }

    /** @return the Aeron directory, or null for a fresh unique one per embedded driver. */
    public String aeronDirectory()
    {
        return Settings.AERON_DIRECTORY.valueIn(values);
    }

    /** @return true to attach to a running media driver instead of embedding one. */
    public boolean externalDriver()
    {
        return Settings.EXTERNAL_DRIVER.valueIn(values);
    }

    /** @return how long the media driver may be silent before the communicator counts it as lost and closes. */
    public Duration driverTimeout()
    {
        return Settings.DRIVER_TIMEOUT.valueIn(values);
    }

    /** @return threading mode of an embedded media driver. */
    public DriverThreading driverThreading()
    {
        return Settings.DRIVER_THREADING.valueIn(values);
    }

    /** @return idle strategy of the engine and embedded driver threads. */
    public Idle idle()
    {
        return Settings.IDLE.valueIn(values);
    }

    /** @return number of engine threads polling the sockets' streams. */
    public int engineThreads()
    {
        return Settings.ENGINE_THREADS.valueIn(values);
    }

    /** @return frames of this many bytes or more travel as zero-copy attachments. */
    public int attachmentThreshold()
    {
        return Settings.ATTACHMENT_THRESHOLD.valueIn(values);
    }

    /** @return Aeron term length of every stream; the largest message is an eighth of it. */
    public int termLength()
    {
        return Settings.TERM_LENGTH.valueIn(values);
    }

    /** @return default send timeout of new sockets ({@link #FOREVER} when none). */
    public Duration sendTimeout()
    {
        return Settings.SEND_TIMEOUT.valueIn(values);
    }

    /** @return default receive timeout of new sockets ({@link #FOREVER} when none). */
    public Duration receiveTimeout()
    {
        return Settings.RECEIVE_TIMEOUT.valueIn(values);
    }

    /** @return default linger of new sockets. */
    public Duration linger()
    {
        return Settings.LINGER.valueIn(values);
    }

    /** @return default receive high-water mark of new sockets, in messages. */
    public int receiveHighWaterMark()
    {
        return Settings.RECEIVE_HIGH_WATER_MARK.valueIn(values);
    }

    /**
     * @return default receive high-water mark of new sockets, in bytes: a socket holding this much
     * pushes back (but one holding nothing takes a larger message).
     */
    public long receiveHighWaterMarkBytes()
    {
        return Settings.RECEIVE_HIGH_WATER_MARK_BYTES.valueIn(values);
    }

    /**
     * @return default limit of new sockets: the most payload bytes (frames, and tensors' data) of one
     * message they send or take; announced to peers in the handshake.
     */
    public long maxMessageSize()
    {
        return Settings.MAX_MESSAGE_SIZE.valueIn(values);
    }

    /** @return how often an idle link sends a heartbeat. */
    public Duration heartbeatInterval()
    {
        return Settings.HEARTBEAT_INTERVAL.valueIn(values);
    }

    /** @return how long a silent peer lives before it is dropped. */
    public Duration peerTimeout()
    {
        return Settings.PEER_TIMEOUT.valueIn(values);
    }

    /** @return the most peers one socket admits through its bindings. */
    public int maxPeers()
    {
        return Settings.MAX_PEERS.valueIn(values);
    }

    /** @return which connecting peers a binding admits; by default every compatible one. */
    public Predicate<Peer> admission()
    {
        return admission;
    }

    /** @return what a PUB does with a subscriber that cannot keep up. */
    public PublisherBackPressure publisherBackPressure()
    {
        return Settings.PUBLISHER_BACK_PRESSURE.valueIn(values);
    }

    /** @return how a bound PUB reaches its SUBs: one shared stream, or a link each. */
    public FanOut fanOut()
    {
        return Settings.FAN_OUT.valueIn(values);
    }

    /** @return where errors that no caller can receive go (bad frames, failing handlers). */
    public Consumer<Throwable> errorHandler()
    {
        return errorHandler;
    }

    /** @return every setting as {@code name=value}, in the order of the table. */
    @Override
    public String toString()
    {
        return "Config" + Settings.describe(values);
    }

    /**
     * Builds a {@link Config}; every setter validates its value at once, against the rule the setting's
     * environment variable and system property are held to as well.
     */
    public static final class Builder
    {
        private final Map<Setting<?>, Object> values = Settings.defaults();
        private Consumer<Throwable> errorHandler = Log::error;
        private Predicate<Peer> admission = Builder::admitAll;

        private Builder()
        {
        }

        /**
         * @param directory Aeron directory; with an embedded driver, null (default) picks a fresh one.
         * @return this builder.
         */
        public Builder aeronDirectory(final String directory)
        {
            return set(Settings.AERON_DIRECTORY, directory);
        }

        /**
         * @param external true to attach to an already running media driver (at
         *                 {@link #aeronDirectory}, or Aeron's default directory).
         * @return this builder.
         */
        public Builder externalDriver(final boolean external)
        {
            return set(Settings.EXTERNAL_DRIVER, external);
        }

        /**
         * @param timeout media driver silence after which every socket closes ({@link ClosedException}); 100ms+.
         * @return this builder.
         */
        public Builder driverTimeout(final Duration timeout)
        {
            return set(Settings.DRIVER_TIMEOUT, timeout);
        }

        /**
         * @param threading of an embedded media driver.
         * @return this builder.
         */
        public Builder driverThreading(final DriverThreading threading)
        {
            return set(Settings.DRIVER_THREADING, threading);
        }

        /**
         * @param idle strategy of engine and embedded driver threads.
         * @return this builder.
         */
        public Builder idle(final Idle idle)
        {
            return set(Settings.IDLE, idle);
        }

        /**
         * @param threads engine threads, 1 to 64; sockets are spread over them.
         * @return this builder.
         */
        public Builder engineThreads(final int threads)
        {
            return set(Settings.ENGINE_THREADS, threads);
        }

        /**
         * @param bytes frames of this size or more are sent as zero-copy attachments; not negative.
         * @return this builder.
         */
        public Builder attachmentThreshold(final int bytes)
        {
            return set(Settings.ATTACHMENT_THRESHOLD, bytes);
        }

        /**
         * @param bytes Aeron term length: a power of two from 64 KiB to 1 GiB.
         * @return this builder.
         */
        public Builder termLength(final int bytes)
        {
            return set(Settings.TERM_LENGTH, bytes);
        }

        /**
         * @param timeout default send timeout; null or negative for forever.
         * @return this builder.
         */
        public Builder sendTimeout(final Duration timeout)
        {
            return set(Settings.SEND_TIMEOUT, timeout);
        }

        /**
         * @param timeout default receive timeout; null or negative for forever.
         * @return this builder.
         */
        public Builder receiveTimeout(final Duration timeout)
        {
            return set(Settings.RECEIVE_TIMEOUT, timeout);
        }

        /**
         * @param linger default linger of sockets on close; zero or more.
         * @return this builder.
         */
        public Builder linger(final Duration linger)
        {
            return set(Settings.LINGER, linger);
        }

        /**
         * @param messages default receive high-water mark; 1 or more.
         * @return this builder.
         */
        public Builder receiveHighWaterMark(final int messages)
        {
            return set(Settings.RECEIVE_HIGH_WATER_MARK, messages);
        }

        /**
         * @param bytes default receive high-water mark in bytes; 1 or more (default 64 MiB).
         * @return this builder.
         */
        public Builder receiveHighWaterMarkBytes(final long bytes)
        {
            return set(Settings.RECEIVE_HIGH_WATER_MARK_BYTES, bytes);
        }

        /**
         * @param bytes default limit on the payload of one message; 1 or more (default 1 GiB). A frame
         *              is at most 2 GiB - 1 bytes whatever this says.
         * @return this builder.
         */
        public Builder maxMessageSize(final long bytes)
        {
            return set(Settings.MAX_MESSAGE_SIZE, bytes);
        }

        /**
         * @param interval how often an idle link sends a heartbeat; positive.
         * @return this builder.
         */
        public Builder heartbeatInterval(final Duration interval)
        {
            return set(Settings.HEARTBEAT_INTERVAL, interval);
        }

        /**
         * @param timeout silence after which a peer is dropped; positive.
         * @return this builder.
         */
        public Builder peerTimeout(final Duration timeout)
        {
            return set(Settings.PEER_TIMEOUT, timeout);
        }

        /**
         * @param policy what a PUB does with a subscriber that cannot keep up.
         * @return this builder.
         */
        public Builder publisherBackPressure(final PublisherBackPressure policy)
        {
            return set(Settings.PUBLISHER_BACK_PRESSURE, policy);
        }

        /**
         * @param fanOut how a bound PUB reaches its SUBs: {@link FanOut#SHARED} (default) writes each message
         *               once to a stream every SUB reads (each filters); {@link FanOut#PER_SUBSCRIBER} sends
         *               each matching SUB its own copy on its link.
         * @return this builder.
         */
        public Builder fanOut(final FanOut fanOut)
        {
            return set(Settings.FAN_OUT, fanOut);
        }

        /**
         * @param peers the most peers one socket admits through its bindings (default 1024); a Hello
         *              beyond them is refused with a reason.
         * @return this builder.
         */
        public Builder maxPeers(final int peers)
        {
            return set(Settings.MAX_PEERS, peers);
        }

        /**
         * Which connecting peers the sockets' bindings admit (ZeroMQ's ZAP idea): called once per
         * handshake, on a virtual thread, before the peer joins. A refused peer gets a Reject naming the
         * reason and is counted; so is one whose check throws or takes longer than the peer timeout.
         * It sees what the network says (see {@link Peer}): an address can be spoofed on an open
         * network, so this filters mistakes and neighbours, it does not authenticate.
         *
         * @param policy true to admit the peer.
         * @return this builder.
         */
        public Builder admission(final Predicate<Peer> policy)
        {
            this.admission = Objects.requireNonNull(policy, "admission");
            return this;
        }

        private static boolean admitAll(final Peer peer)
        {
            return true;
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
            final Duration heartbeatInterval = Settings.HEARTBEAT_INTERVAL.valueIn(values);
            final Duration peerTimeout = Settings.PEER_TIMEOUT.valueIn(values);
            if (peerTimeout.compareTo(heartbeatInterval) <= 0)
            {
                throw new ConfigException("peerTimeout (" + peerTimeout + ") must be longer than heartbeatInterval (" +
                    heartbeatInterval + ")");
            }
            return new Config(this);
        }

        /** Sets a value that already passed {@link Setting#check}, as {@link ConfigReader} does after parsing. */
        <T> void put(final Setting<T> setting, final T value)
        {
            values.put(setting, value);
        }

        private <T> Builder set(final Setting<T> setting, final T value)
        {
            values.put(setting, setting.check(value));
            return this;
        }
    }
}
