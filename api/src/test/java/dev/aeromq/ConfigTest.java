package dev.aeromq;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Config}: defaults, builder validation, and reading {@code AEROMQ_*} / {@code aeromq.*} settings.
 */
class ConfigTest
{
    // ---------------------------------------------------------------- defaults

    @Test
    void defaultsSuitASmallSharedMachine()
    {
        final Config config = Config.defaults();
        assertEquals(Config.DriverThreading.SHARED, config.driverThreading());
        assertEquals(Config.Idle.BACKOFF, config.idle());
        assertEquals(1024, config.attachmentThreshold());
        assertEquals(16 * 1024 * 1024, config.termLength());
        assertEquals(Config.FOREVER, config.sendTimeout());
        assertEquals(Config.FOREVER, config.receiveTimeout());
        assertFalse(config.externalDriver());
        assertNull(config.aeronDirectory(), "null means a fresh directory per embedded driver");
        assertTrue(config.engineThreads() >= 1);
        assertTrue(config.receiveHighWaterMark() >= 1);
        assertTrue(config.peerTimeout().compareTo(config.heartbeatInterval()) > 0);
        assertEquals(Config.PublisherBackPressure.DROP, config.publisherBackPressure(), "ZeroMQ semantics");
        assertEquals(1024, config.maxPeers());
    }

    @Test
    void builderStartsFromTheDefaultsAndKeepsWhatIsSet()
    {
        final Config config = Config.builder()
            .driverThreading(Config.DriverThreading.DEDICATED)
            .idle(Config.Idle.BUSY_SPIN)
            .engineThreads(2)
            .attachmentThreshold(4096)
            .termLength(64 * 1024)
            .sendTimeout(Duration.ofMillis(250))
            .receiveTimeout(Duration.ofSeconds(2))
            .linger(Duration.ZERO)
            .receiveHighWaterMark(1)
            .aeronDirectory("/dev/shm/aeromq-test")
            .externalDriver(true)
            .publisherBackPressure(Config.PublisherBackPressure.WAIT)
            .build();
        assertEquals(Config.DriverThreading.DEDICATED, config.driverThreading());
        assertEquals(Config.Idle.BUSY_SPIN, config.idle());
        assertEquals(2, config.engineThreads());
        assertEquals(4096, config.attachmentThreshold());
        assertEquals(64 * 1024, config.termLength());
        assertEquals(Duration.ofMillis(250), config.sendTimeout());
        assertEquals(Duration.ofSeconds(2), config.receiveTimeout());
        assertEquals(Duration.ZERO, config.linger());
        assertEquals(1, config.receiveHighWaterMark());
        assertEquals("/dev/shm/aeromq-test", config.aeronDirectory());
        assertTrue(config.externalDriver());
        assertEquals(Config.PublisherBackPressure.WAIT, config.publisherBackPressure());
    }

    @Test
    void nullOrNegativeTimeoutMeansForever()
    {
        final Config config = Config.builder().sendTimeout(null).receiveTimeout(Duration.ofMillis(-5)).build();
        assertEquals(Config.FOREVER, config.sendTimeout());
        assertEquals(Config.FOREVER, config.receiveTimeout());
    }

    @Test
    void errorHandlerIsTheOneGiven()
    {
        final Consumer<Throwable> handler = (error) ->
        {
        };
        assertSame(handler, Config.builder().errorHandler(handler).build().errorHandler());
    }

    // ---------------------------------------------------------------- builder validation

    @ParameterizedTest
    @ValueSource(ints = { 3_000_000, 65 * 1024, 100_000 })
    void termLengthMustBeAPowerOfTwo(final int bytes)
    {
        assertConfigError(() -> Config.builder().termLength(bytes), "termLength", String.valueOf(bytes));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, -1, 1024, 32 * 1024, Integer.MIN_VALUE })
    void termLengthMustBeInRange(final int bytes)
    {
        assertConfigError(() -> Config.builder().termLength(bytes), "termLength");
    }

    @Test
    void termLengthBoundsAreAccepted()
    {
        assertEquals(64 * 1024, Config.builder().termLength(64 * 1024).build().termLength());
        assertEquals(1 << 30, Config.builder().termLength(1 << 30).build().termLength());
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, -1 })
    void receiveHighWaterMarkMustBePositive(final int messages)
    {
        assertConfigError(() -> Config.builder().receiveHighWaterMark(messages), "receiveHighWaterMark");
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, -3 })
    void engineThreadsMustBePositive(final int threads)
    {
        assertConfigError(() -> Config.builder().engineThreads(threads), "engineThreads");
    }

    @Test
    void lingerMustNotBeNegative()
    {
        assertConfigError(() -> Config.builder().linger(Duration.ofMillis(-1)), "linger");
    }

    @Test
    void attachmentThresholdMustNotBeNegative()
    {
        assertConfigError(() -> Config.builder().attachmentThreshold(-1), "attachmentThreshold");
    }

    @Test
    void heartbeatAndPeerTimeoutMustBePositive()
    {
        assertConfigError(() -> Config.builder().heartbeatInterval(Duration.ZERO), "heartbeatInterval");
        assertConfigError(() -> Config.builder().peerTimeout(Duration.ofSeconds(-1)), "peerTimeout");
    }

    @Test
    void nullChoicesAreRefusedNamingTheSetting()
    {
        assertConfigError(() -> Config.builder().driverThreading(null), "driverThreading", "null");
        assertConfigError(() -> Config.builder().idle(null), "idle", "null");
        assertConfigError(() -> Config.builder().publisherBackPressure(null), "publisherBackPressure", "null");
        assertConfigError(() -> Config.builder().heartbeatInterval(null), "heartbeatInterval", "null");
        assertConfigError(() -> Config.builder().linger(null), "linger", "null");
    }

    @Test
    void blankAeronDirectoryMeansAFreshOne()
    {
        assertNull(Config.builder().aeronDirectory("  ").build().aeronDirectory());
        assertNull(read(Map.of("AEROMQ_AERON_DIR", ""), Map.of()).aeronDirectory());
    }

    @Test
    void peerTimeoutMustBeLongerThanHeartbeatInterval()
    {
        // Checked at build(): the two setters may come in either order.
        assertConfigError(() -> Config.builder()
            .heartbeatInterval(Duration.ofSeconds(2)).peerTimeout(Duration.ofSeconds(1)).build(),
            "peerTimeout", "heartbeatInterval");
        assertConfigError(() -> Config.builder()
            .heartbeatInterval(Duration.ofSeconds(1)).peerTimeout(Duration.ofSeconds(1)).build(),
            "peerTimeout", "heartbeatInterval");
        // The order of the setters does not matter.
        final Config ok = Config.builder().peerTimeout(Duration.ofSeconds(30)).heartbeatInterval(Duration.ofSeconds(10))
            .build();
        assertEquals(Duration.ofSeconds(30), ok.peerTimeout());
    }

    // ---------------------------------------------------------------- environment and properties

    @Test
    void emptyEnvironmentGivesTheDefaults()
    {
        final Config config = read(Map.of(), Map.of());
        assertEquals(Config.defaults().toString(), config.toString());
    }

    @Test
    void unrelatedVariablesAndPropertiesAreIgnored()
    {
        final Config config = read(
            Map.of("PATH", "/usr/bin", "HOME", "/root", "AEROMQX", "1"),
            Map.of("java.version", "21", "aeromqx.foo", "1"));
        assertEquals(Config.defaults().toString(), config.toString());
    }

    @Test
    void readsEveryKindOfEnvironmentVariable()
    {
        final Config config = read(Map.of(
            "AEROMQ_AERON_DIR", "/tmp/aeron-x",
            "AEROMQ_EXTERNAL_DRIVER", "true",
            "AEROMQ_DRIVER_THREADING", "dedicated",
            "AEROMQ_IDLE_STRATEGY", "sleeping",
            "AEROMQ_ENGINE_THREADS", "2",
            "AEROMQ_ATTACHMENT_THRESHOLD", "4k",
            "AEROMQ_TERM_LENGTH", "16m",
            "AEROMQ_RECEIVE_HWM", "50",
            "AEROMQ_PUBLISHER_BACK_PRESSURE", "wait"), Map.of());
        assertEquals("/tmp/aeron-x", config.aeronDirectory());
        assertTrue(config.externalDriver());
        assertEquals(Config.DriverThreading.DEDICATED, config.driverThreading());
        assertEquals(Config.Idle.SLEEPING, config.idle());
        assertEquals(2, config.engineThreads());
        assertEquals(4096, config.attachmentThreshold());
        assertEquals(16 * 1024 * 1024, config.termLength());
        assertEquals(50, config.receiveHighWaterMark());
        assertEquals(Config.PublisherBackPressure.WAIT, config.publisherBackPressure());
    }

    @Test
    void sizesTakeKAndMSuffixes()
    {
        assertEquals(64 * 1024, read(Map.of("AEROMQ_TERM_LENGTH", "64k"), Map.of()).termLength());
        assertEquals(16 * 1024 * 1024, read(Map.of("AEROMQ_TERM_LENGTH", "16M"), Map.of()).termLength());
        assertEquals(1 << 30, read(Map.of("AEROMQ_TERM_LENGTH", "1g"), Map.of()).termLength());
        assertEquals(131072, read(Map.of("AEROMQ_TERM_LENGTH", "131072"), Map.of()).termLength());
    }

    @Test
    void durationsTakeUnitsIsoAndForever()
    {
        final Config config = read(Map.of(
            "AEROMQ_SEND_TIMEOUT", "250ms",
            "AEROMQ_RECEIVE_TIMEOUT", "2s",
            "AEROMQ_LINGER", "PT1S",
            "AEROMQ_HEARTBEAT_INTERVAL", "pt0.5s",
            "AEROMQ_PEER_TIMEOUT", "1m"), Map.of());
        assertEquals(Duration.ofMillis(250), config.sendTimeout());
        assertEquals(Duration.ofSeconds(2), config.receiveTimeout());
        assertEquals(Duration.ofSeconds(1), config.linger());
        assertEquals(Duration.ofMillis(500), config.heartbeatInterval());
        assertEquals(Duration.ofMinutes(1), config.peerTimeout());

        final Config forever = read(
            Map.of("AEROMQ_SEND_TIMEOUT", "forever", "AEROMQ_RECEIVE_TIMEOUT", "FOREVER"), Map.of());
        assertEquals(Config.FOREVER, forever.sendTimeout());
        assertEquals(Config.FOREVER, forever.receiveTimeout());
    }

    @Test
    void durationsAsTheReadmeDocumentsThem()
    {
        assertEquals(Duration.ofMillis(250), timeout("250ms"));
        assertEquals(Duration.ofMillis(250), timeout("250MS"));
        assertEquals(Duration.ofSeconds(2), timeout("2s"));
        assertEquals(Duration.ofSeconds(1), timeout("PT1S"));
        assertEquals(Duration.ofMinutes(1), timeout("1m"));
        assertEquals(Duration.ofMinutes(1), timeout("1M"));
        assertEquals(Config.FOREVER, timeout("forever"));
        assertEquals(Config.FOREVER, timeout("-1"));
        assertEquals(Config.FOREVER, timeout("-PT1S"), "a negative timeout means forever, as in the builder");
        assertEquals(Duration.ofNanos(5_000), timeout("5us"));
        assertEquals(Duration.ofNanos(7), timeout("7ns"));
        assertEquals(Duration.ZERO, timeout("0"));
        assertEquals(Duration.ofSeconds(3), timeout(" 3s "), "surrounding blanks are trimmed");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "soon", "100", "1.5s", "2 s", "s", "m", "-5s", "-2m", "+3s", "PTxS", "1h", "1d" })
    void malformedDurationsNameTheVariableAndWhatIsExpected(final String value)
    {
        // "100" has no unit: Agrona would read nanoseconds, which a user who meant milliseconds would not notice.
        assertConfigError(() -> read(Map.of("AEROMQ_SEND_TIMEOUT", value), Map.of()),
            "AEROMQ_SEND_TIMEOUT", "expected a duration", "250ms", "PT1S", "forever");
    }

    @ParameterizedTest
    @ValueSource(strings = { "2g", "3g", "2048m", "2147483648" })
    void sizesBeyondAnIntAreMalformed(final String value)
    {
        assertConfigError(() -> read(Map.of("AEROMQ_ATTACHMENT_THRESHOLD", value), Map.of()),
            "AEROMQ_ATTACHMENT_THRESHOLD", value, "expected a size");
    }

    @Test
    void largestSizeIsAccepted()
    {
        assertEquals(Integer.MAX_VALUE,
            read(Map.of("AEROMQ_ATTACHMENT_THRESHOLD", "2147483647"), Map.of()).attachmentThreshold());
    }

    @ParameterizedTest
    @ValueSource(strings = { "true", "TRUE", "yes", "Yes", "1" })
    void booleansTakeTrueYesAndOne(final String value)
    {
        assertTrue(read(Map.of("AEROMQ_EXTERNAL_DRIVER", value), Map.of()).externalDriver());
    }

    @ParameterizedTest
    @ValueSource(strings = { "false", "FALSE", "no", "No", "0" })
    void booleansTakeFalseNoAndZero(final String value)
    {
        assertFalse(read(Map.of(), Map.of("aeromq.external.driver", value)).externalDriver());
    }

    @ParameterizedTest
    @ValueSource(strings = { "busy_spin", "BUSY_SPIN", "busy-spin", "Busy-Spin" })
    void enumsAreCaseInsensitiveAndTakeDashes(final String value)
    {
        assertEquals(Config.Idle.BUSY_SPIN, read(Map.of("AEROMQ_IDLE_STRATEGY", value), Map.of()).idle());
        assertEquals(Config.Idle.BUSY_SPIN, read(Map.of(), Map.of("aeromq.idle.strategy", value)).idle());
    }

    @Test
    void dashedThreadingModeIsAccepted()
    {
        assertEquals(Config.DriverThreading.SHARED_NETWORK,
            read(Map.of("AEROMQ_DRIVER_THREADING", "shared-network"), Map.of()).driverThreading());
    }

    @Test
    void propertiesAreRead()
    {
        final Config config = read(Map.of(), Map.of(
            "aeromq.term.length", "1m",
            "aeromq.receive.timeout", "250ms",
            "aeromq.aeron.dir", "/tmp/p",
            "aeromq.external.driver", "yes"));
        assertEquals(1024 * 1024, config.termLength());
        assertEquals(Duration.ofMillis(250), config.receiveTimeout());
        assertEquals("/tmp/p", config.aeronDirectory());
        assertTrue(config.externalDriver());
    }

    @Test
    void propertyOverridesEnvironment()
    {
        final Config config = read(
            Map.of("AEROMQ_TERM_LENGTH", "64k", "AEROMQ_SEND_TIMEOUT", "1s", "AEROMQ_ENGINE_THREADS", "3"),
            Map.of("aeromq.term.length", "1m", "aeromq.send.timeout", "forever"));
        assertEquals(1024 * 1024, config.termLength());
        assertEquals(Config.FOREVER, config.sendTimeout());
        assertEquals(3, config.engineThreads(), "an environment variable no property overrides still counts");
    }

    @Test
    void keyNamesFollowTheConvention()
    {
        assertEquals("AEROMQ_TERM_LENGTH", ConfigKey.TERM_LENGTH.environmentVariable());
        assertEquals("aeromq.term.length", ConfigKey.TERM_LENGTH.systemProperty());
        for (final ConfigKey key : ConfigKey.values())
        {
            assertTrue(key.environmentVariable().startsWith("AEROMQ_"), key::name);
            assertTrue(key.systemProperty().startsWith("aeromq."), key::name);
        }
    }

    @Test
    void unknownEnvironmentVariableIsAWarningListingTheKnownOnes()
    {
        try (LogCapture log = new LogCapture())
        {
            final Config config = read(Map.of("AEROMQ_FOO", "1"), Map.of());
            assertEquals(Config.defaults().toString(), config.toString());
            final String warning = log.theWarningAbout("AEROMQ_FOO");
            for (final ConfigKey key : ConfigKey.values())
            {
                assertTrue(warning.contains(key.environmentVariable()), warning);
            }
        }
    }

    @Test
    void unknownPropertyIsAWarningListingTheKnownOnes()
    {
        try (LogCapture log = new LogCapture())
        {
            // An application's own property under aeromq. must not stop Communicator.open().
            final Config config = read(Map.of(), Map.of("aeromq.myapp.x", "1", "aeromq.term.length", "1m"));
            assertEquals(1024 * 1024, config.termLength(), "the known property next to it still counts");
            final String warning = log.theWarningAbout("aeromq.myapp.x");
            assertTrue(warning.contains("aeromq.term.length"), warning);
            assertTrue(warning.contains("aeromq.aeron.dir"), warning);
        }
    }

    @Test
    void misspelledVariableIsAWarning()
    {
        // The typo case: ignored, but named in the log so that it is found.
        try (LogCapture log = new LogCapture())
        {
            final Config config = read(Map.of("AEROMQ_TERMLENGTH", "3m"), Map.of());
            assertEquals(Config.defaults().termLength(), config.termLength());
            log.theWarningAbout("AEROMQ_TERMLENGTH");
        }
    }

    @Test
    void knownNamesAndUnrelatedNamesLogNothing()
    {
        try (LogCapture log = new LogCapture())
        {
            read(
                Map.of("AEROMQ_TERM_LENGTH", "1m", "AEROMQX", "1"), Map.of("aeromq.linger", "0", "aeromqx.y", "1"));
            assertEquals(List.of(), log.messages());
        }
    }

    @Test
    void malformedKnownValueStillFailsNextToAnUnknownName()
    {
        try (LogCapture log = new LogCapture())
        {
            assertConfigError(() -> read(Map.of("AEROMQ_FOO", "1", "AEROMQ_TERM_LENGTH", "abc"), Map.of()),
                "AEROMQ_TERM_LENGTH", "abc");
            log.theWarningAbout("AEROMQ_FOO");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "", "16x", "-64k", "k", "99999999999" })
    void malformedTermLengthNamesTheVariable(final String value)
    {
        assertConfigError(() -> read(Map.of("AEROMQ_TERM_LENGTH", value), Map.of()), "AEROMQ_TERM_LENGTH");
    }

    @Test
    void wellFormedButInvalidTermLengthNamesTheVariableAndTheRule()
    {
        // 3m parses as a size but is not a power of two: the builder's reason comes through too.
        assertConfigError(() -> read(Map.of("AEROMQ_TERM_LENGTH", "3m"), Map.of()),
            "AEROMQ_TERM_LENGTH", "power of two");
    }

    @Test
    void malformedValuesOfEachKindNameTheVariable()
    {
        assertConfigError(() -> read(Map.of("AEROMQ_SEND_TIMEOUT", "soon"), Map.of()), "AEROMQ_SEND_TIMEOUT");
        assertConfigError(() -> read(Map.of("AEROMQ_IDLE_STRATEGY", "lazy"), Map.of()),
            "AEROMQ_IDLE_STRATEGY", "backoff");
        assertConfigError(() -> read(Map.of("AEROMQ_EXTERNAL_DRIVER", "maybe"), Map.of()),
            "AEROMQ_EXTERNAL_DRIVER");
        assertConfigError(() -> read(Map.of("AEROMQ_ENGINE_THREADS", "two"), Map.of()), "AEROMQ_ENGINE_THREADS");
        assertConfigError(() -> read(Map.of("AEROMQ_ENGINE_THREADS", "0"), Map.of()), "AEROMQ_ENGINE_THREADS");
        assertConfigError(() -> read(Map.of("AEROMQ_RECEIVE_HWM", "0"), Map.of()), "AEROMQ_RECEIVE_HWM");
        assertConfigError(() -> read(Map.of("AEROMQ_LINGER", "-5s"), Map.of()), "AEROMQ_LINGER");
    }

    @Test
    void malformedPropertyNamesTheProperty()
    {
        assertConfigError(() -> read(Map.of(), Map.of("aeromq.term.length", "abc")), "aeromq.term.length");
        assertConfigError(() -> read(Map.of(), Map.of("aeromq.receive.timeout", "2 days")),
            "aeromq.receive.timeout");
    }

    @Test
    void malformedPropertyFailsEvenWhenTheEnvironmentIsFine()
    {
        assertConfigError(() -> read(Map.of("AEROMQ_TERM_LENGTH", "16m"), Map.of("aeromq.term.length", "x")),
            "aeromq.term.length");
    }

    @Test
    void contradictionBetweenVariablesIsReported()
    {
        // Each value is fine alone; together they break peerTimeout > heartbeatInterval.
        assertConfigError(() -> read(Map.of("AEROMQ_HEARTBEAT_INTERVAL", "10s", "AEROMQ_PEER_TIMEOUT", "5s"),
            Map.of()), "peerTimeout", "heartbeatInterval");
    }

    // ---------------------------------------------------------------- the table of settings
    //
    // Every setting is one row of Settings: name, environment variable and system property (derived from the
    // name unless a stem is given), default, parser and validation. Adding a setting takes that row (listed in
    // Settings.ALL), its getter and builder setter in Config, each one line over the row, and a ConfigKey constant
    // so that the public list of names stays complete (keysAndSettingsMatchOneToOne below says so if it is
    // missing). Reading it from AEROMQ_* / aeromq.*, validating it in the setter and from the environment alike,
    // its default and its place in toString() all follow from the row. A new row needs a SAMPLES entry here too.

    /**
     * One setting as a test sees it: its public getter, two well-formed texts with their values (distinct from
     * each other), and a malformed text (null when every text is well-formed).
     */
    private record Sample(
        ConfigKey key,
        Function<Config, Object> getter,
        String text,
        Object value,
        String otherText,
        Object otherValue,
        String malformed)
    {
        @Override
        public String toString()
        {
            return key.name();
        }
    }

    private static final List<Sample> SAMPLES = List.of(
        new Sample(ConfigKey.AERON_DIR, Config::aeronDirectory, "/tmp/a", "/tmp/a", "/tmp/b", "/tmp/b", null),
        new Sample(ConfigKey.EXTERNAL_DRIVER, Config::externalDriver, "yes", true, "0", false, "maybe"),
        new Sample(ConfigKey.DRIVER_TIMEOUT, Config::driverTimeout,
        "3s", Duration.ofSeconds(3), "500ms", Duration.ofMillis(500), "10ms"),
        new Sample(ConfigKey.DRIVER_THREADING, Config::driverThreading,
        "dedicated", Config.DriverThreading.DEDICATED, "shared-network", Config.DriverThreading.SHARED_NETWORK,
        "many"),
        new Sample(ConfigKey.IDLE_STRATEGY, Config::idle,
        "busy_spin", Config.Idle.BUSY_SPIN, "Sleeping", Config.Idle.SLEEPING, "lazy"),
        new Sample(ConfigKey.ENGINE_THREADS, Config::engineThreads, "2", 2, "3", 3, "two"),
        new Sample(ConfigKey.ATTACHMENT_THRESHOLD, Config::attachmentThreshold, "4k", 4096, "100", 100, "4q"),
        new Sample(ConfigKey.TERM_LENGTH, Config::termLength, "64k", 64 * 1024, "1G", 1 << 30, "16x"),
        new Sample(ConfigKey.SEND_TIMEOUT, Config::sendTimeout,
        "250ms", Duration.ofMillis(250), "forever", Config.FOREVER, "soon"),
        new Sample(ConfigKey.RECEIVE_TIMEOUT, Config::receiveTimeout,
        "2s", Duration.ofSeconds(2), "PT1S", Duration.ofSeconds(1), "2 days"),
        new Sample(ConfigKey.LINGER, Config::linger, "0", Duration.ZERO, "1m", Duration.ofMinutes(1), "-5s"),
        new Sample(ConfigKey.RECEIVE_HWM, Config::receiveHighWaterMark, "50", 50, "1", 1, "lots"),
        new Sample(ConfigKey.RECEIVE_HWM_BYTES, Config::receiveHighWaterMarkBytes,
        "1m", 1024L * 1024, "4096", 4096L, "plenty"),
        new Sample(ConfigKey.MAX_MESSAGE_SIZE, Config::maxMessageSize,
        "4g", 4L << 30, "100", 100L, "huge"),
        new Sample(ConfigKey.HEARTBEAT_INTERVAL, Config::heartbeatInterval,
        "500ms", Duration.ofMillis(500), "1s", Duration.ofSeconds(1), "1.5s"),
        new Sample(ConfigKey.PEER_TIMEOUT, Config::peerTimeout,
        "10s", Duration.ofSeconds(10), "1m", Duration.ofMinutes(1), "10"),
        new Sample(ConfigKey.MAX_PEERS, Config::maxPeers, "10", 10, "100000", 100_000, "0"),
        new Sample(ConfigKey.PUBLISHER_BACK_PRESSURE, Config::publisherBackPressure,
        "wait", Config.PublisherBackPressure.WAIT, "DROP", Config.PublisherBackPressure.DROP, "block"),
        new Sample(ConfigKey.FAN_OUT, Config::fanOut,
        "per_subscriber", Config.FanOut.PER_SUBSCRIBER, "SHARED", Config.FanOut.SHARED, "broadcast"));

    static List<Sample> samples()
    {
        return SAMPLES;
    }

    static List<Sample> malformedSamples()
    {
        return SAMPLES.stream().filter((sample) -> null != sample.malformed()).toList();
    }

    @Test
    void keysAndSettingsMatchOneToOne()
    {
        final Set<Setting<?>> ofKeys = new HashSet<>();
        for (final ConfigKey key : ConfigKey.values())
        {
            assertTrue(ofKeys.add(key.setting()), key::name);
        }
        assertEquals(new HashSet<>(Settings.ALL), ofKeys, "every row of the table has a ConfigKey and vice versa");
        assertEquals(Settings.ALL.size(), SAMPLES.size(), "every setting has a sample here");
        assertEquals(ConfigKey.values().length,
            SAMPLES.stream().map(Sample::key).distinct().count(), "every key has a sample here");
    }

    @ParameterizedTest
    @EnumSource(ConfigKey.class)
    void keyNamesAreTheDocumentedOnes(final ConfigKey key)
    {
        // The README's table and deployed environments use these: AEROMQ_<KEY> and aeromq.<key with dots>.
        assertEquals("AEROMQ_" + key.name(), key.environmentVariable());
        assertEquals("aeromq." + key.name().toLowerCase(Locale.ROOT).replace('_', '.'), key.systemProperty());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void defaultIsTheTableDefaultAndValid(final Sample sample)
    {
        final Setting<?> setting = sample.key().setting();
        assertEquals(setting.defaultValue(), sample.getter().apply(Config.defaults()));
        assertEquals(setting.defaultValue(), sample.getter().apply(Config.builder().build()));
        assertEquals(setting.defaultValue(), sample.getter().apply(read(Map.of(), Map.of())));
        assertValid(setting);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripsThroughTheEnvironmentVariable(final Sample sample)
    {
        final String variable = sample.key().environmentVariable();
        assertEquals(sample.value(), sample.getter().apply(read(Map.of(variable, sample.text()), Map.of())));
        assertEquals(sample.otherValue(),
            sample.getter().apply(read(Map.of(variable, sample.otherText()), Map.of())));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripsThroughTheSystemProperty(final Sample sample)
    {
        final String property = sample.key().systemProperty();
        assertEquals(sample.value(), sample.getter().apply(read(Map.of(), Map.of(property, sample.text()))));
        assertEquals(sample.otherValue(),
            sample.getter().apply(read(Map.of(), Map.of(property, sample.otherText()))));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void propertyOverridesEnvironmentVariable(final Sample sample)
    {
        final Config config = read(
            Map.of(sample.key().environmentVariable(), sample.text()),
            Map.of(sample.key().systemProperty(), sample.otherText()));
        assertEquals(sample.otherValue(), sample.getter().apply(config));
    }

    @ParameterizedTest
    @MethodSource("malformedSamples")
    void malformedValueNamesTheVariableOrPropertyAndTheValue(final Sample sample)
    {
        final String variable = sample.key().environmentVariable();
        final String property = sample.key().systemProperty();
        final ConfigException fromVariable = assertConfigError(
            () -> read(Map.of(variable, sample.malformed()), Map.of()), variable, sample.malformed());
        assertTrue(fromVariable.getMessage().matches(".*(expected|must).*"), fromVariable::getMessage);
        assertConfigError(
            () -> read(Map.of(), Map.of(property, sample.malformed())), property, sample.malformed());
    }

    // ---------------------------------------------------------------- helpers

    private static ConfigException assertConfigError(final Executable executable, final String... words)
    {
        final ConfigException ex = assertThrows(ConfigException.class, executable);
        for (final String word : words)
        {
            assertMentions(ex, word);
        }
        return ex;
    }

    private static Duration timeout(final String text)
    {
        return read(Map.of("AEROMQ_SEND_TIMEOUT", text), Map.of()).sendTimeout();
    }

    private static <T> void assertValid(final Setting<T> setting)
    {
        assertEquals(setting.defaultValue(), setting.check(setting.defaultValue()), "a default passes its own check");
    }

    private static void assertMentions(final Throwable ex, final String word)
    {
        final String message = String.valueOf(ex.getMessage());
        if (!message.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT)))
        {
            fail("message \"" + message + "\" does not mention \"" + word + "\"" +
                (ex.getCause() == null ? "" : " (cause: " + ex.getCause() + ")"));
        }
    }

    /**
     * Captures what is logged to {@code System.getLogger("dev.aeromq.Config")}: the System.Logger default backend is
     * java.util.logging, so a handler on the JUL logger of that name sees it. Keeps it off the console meanwhile.
     */
    private static final class LogCapture implements AutoCloseable
    {
        private final Logger logger = Logger.getLogger("dev.aeromq.Config");
        private final boolean useParentHandlers = logger.getUseParentHandlers();
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final Handler handler = new Handler()
        {
            @Override
            public void publish(final LogRecord record)
            {
                records.add(record);
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };

        LogCapture()
        {
            logger.addHandler(handler);
            logger.setUseParentHandlers(false);
        }

        List<String> messages()
        {
            final List<String> messages = new ArrayList<>();
            for (final LogRecord record : records)
            {
                messages.add(record.getMessage());
            }
            return messages;
        }

        String theWarningAbout(final String name)
        {
            for (final LogRecord record : records)
            {
                if (record.getMessage().contains(name))
                {
                    assertEquals(Level.WARNING, record.getLevel(), record::getMessage);
                    return record.getMessage();
                }
            }
            return fail("no warning about " + name + " in " + messages());
        }

        @Override
        public void close()
        {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(useParentHandlers);
        }
    }

    private static Config read(final Map<String, String> environment, final Map<String, String> properties)
    {
        return ConfigReader.config(environment, properties);
    }
}
