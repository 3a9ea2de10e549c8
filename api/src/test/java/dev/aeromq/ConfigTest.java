package dev.aeromq;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

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
        final java.util.function.Consumer<Throwable> handler = error -> { };
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
    void peerTimeoutMustBeLongerThanHeartbeatInterval()
    {
        // Checked at build(): the two setters may come in either order.
        assertConfigError(() -> Config.builder().heartbeatInterval(Duration.ofSeconds(2)).peerTimeout(Duration.ofSeconds(1))
            .build(), "peerTimeout", "heartbeatInterval");
        assertConfigError(() -> Config.builder().heartbeatInterval(Duration.ofSeconds(1)).peerTimeout(Duration.ofSeconds(1))
            .build(), "peerTimeout", "heartbeatInterval");
        // The order of the setters does not matter.
        final Config ok = Config.builder().peerTimeout(Duration.ofSeconds(30)).heartbeatInterval(Duration.ofSeconds(10))
            .build();
        assertEquals(Duration.ofSeconds(30), ok.peerTimeout());
    }

    // ---------------------------------------------------------------- environment and properties

    @Test
    void emptyEnvironmentGivesTheDefaults()
    {
        final Config config = Config.from(Map.of(), Map.of());
        assertEquals(Config.defaults().toString(), config.toString());
    }

    @Test
    void unrelatedVariablesAndPropertiesAreIgnored()
    {
        final Config config = Config.from(
            Map.of("PATH", "/usr/bin", "HOME", "/root", "AEROMQX", "1"),
            Map.of("java.version", "21", "aeromqx.foo", "1"));
        assertEquals(Config.defaults().toString(), config.toString());
    }

    @Test
    void readsEveryKindOfEnvironmentVariable()
    {
        final Config config = Config.from(Map.of(
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
        assertEquals(64 * 1024, Config.from(Map.of("AEROMQ_TERM_LENGTH", "64k"), Map.of()).termLength());
        assertEquals(16 * 1024 * 1024, Config.from(Map.of("AEROMQ_TERM_LENGTH", "16M"), Map.of()).termLength());
        assertEquals(1 << 30, Config.from(Map.of("AEROMQ_TERM_LENGTH", "1g"), Map.of()).termLength());
        assertEquals(131072, Config.from(Map.of("AEROMQ_TERM_LENGTH", "131072"), Map.of()).termLength());
    }

    @Test
    void durationsTakeUnitsIsoAndForever()
    {
        final Config config = Config.from(Map.of(
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

        final Config forever = Config.from(
            Map.of("AEROMQ_SEND_TIMEOUT", "forever", "AEROMQ_RECEIVE_TIMEOUT", "FOREVER"), Map.of());
        assertEquals(Config.FOREVER, forever.sendTimeout());
        assertEquals(Config.FOREVER, forever.receiveTimeout());
    }

    @ParameterizedTest
    @ValueSource(strings = { "busy_spin", "BUSY_SPIN", "busy-spin", "Busy-Spin" })
    void enumsAreCaseInsensitiveAndTakeDashes(final String value)
    {
        assertEquals(Config.Idle.BUSY_SPIN, Config.from(Map.of("AEROMQ_IDLE_STRATEGY", value), Map.of()).idle());
        assertEquals(Config.Idle.BUSY_SPIN, Config.from(Map.of(), Map.of("aeromq.idle.strategy", value)).idle());
    }

    @Test
    void dashedThreadingModeIsAccepted()
    {
        assertEquals(Config.DriverThreading.SHARED_NETWORK,
            Config.from(Map.of("AEROMQ_DRIVER_THREADING", "shared-network"), Map.of()).driverThreading());
    }

    @Test
    void propertiesAreRead()
    {
        final Config config = Config.from(Map.of(), Map.of(
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
        final Config config = Config.from(
            Map.of("AEROMQ_TERM_LENGTH", "64k", "AEROMQ_SEND_TIMEOUT", "1s", "AEROMQ_ENGINE_THREADS", "3"),
            Map.of("aeromq.term.length", "1m", "aeromq.send.timeout", "forever"));
        assertEquals(1024 * 1024, config.termLength());
        assertEquals(Config.FOREVER, config.sendTimeout());
        assertEquals(3, config.engineThreads(), "an environment variable no property overrides still counts");
    }

    @Test
    void keyNamesFollowTheConvention()
    {
        assertEquals("AEROMQ_TERM_LENGTH", Config.Key.TERM_LENGTH.environmentVariable());
        assertEquals("aeromq.term.length", Config.Key.TERM_LENGTH.systemProperty());
        for (final Config.Key key : Config.Key.values())
        {
            assertTrue(key.environmentVariable().startsWith("AEROMQ_"), key::name);
            assertTrue(key.systemProperty().startsWith("aeromq."), key::name);
        }
    }

    @Test
    void unknownEnvironmentVariableFailsListingTheKnownOnes()
    {
        final ConfigException ex = assertConfigError(() -> Config.from(Map.of("AEROMQ_FOO", "1"), Map.of()),
            "AEROMQ_FOO");
        for (final Config.Key key : Config.Key.values())
        {
            assertMentions(ex, key.environmentVariable());
        }
    }

    @Test
    void unknownPropertyFailsListingTheKnownOnes()
    {
        final ConfigException ex = assertConfigError(() -> Config.from(Map.of(), Map.of("aeromq.foo", "1")),
            "aeromq.foo");
        assertMentions(ex, "aeromq.term.length");
        assertMentions(ex, "aeromq.aeron.dir");
    }

    @Test
    void misspelledVariableIsUnknown()
    {
        // The typo case fail-fast is for: a setting silently ignored would be worse.
        assertConfigError(() -> Config.from(Map.of("AEROMQ_TERMLENGTH", "16m"), Map.of()), "AEROMQ_TERMLENGTH");
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "", "16x", "-64k", "k", "99999999999" })
    void malformedTermLengthNamesTheVariable(final String value)
    {
        assertConfigError(() -> Config.from(Map.of("AEROMQ_TERM_LENGTH", value), Map.of()), "AEROMQ_TERM_LENGTH");
    }

    @Test
    void wellFormedButInvalidTermLengthNamesTheVariableAndTheRule()
    {
        // 3m parses as a size but is not a power of two: the builder's reason comes through too.
        assertConfigError(() -> Config.from(Map.of("AEROMQ_TERM_LENGTH", "3m"), Map.of()),
            "AEROMQ_TERM_LENGTH", "power of two");
    }

    @Test
    void malformedValuesOfEachKindNameTheVariable()
    {
        assertConfigError(() -> Config.from(Map.of("AEROMQ_SEND_TIMEOUT", "soon"), Map.of()), "AEROMQ_SEND_TIMEOUT");
        assertConfigError(() -> Config.from(Map.of("AEROMQ_IDLE_STRATEGY", "lazy"), Map.of()),
            "AEROMQ_IDLE_STRATEGY", "backoff");
        assertConfigError(() -> Config.from(Map.of("AEROMQ_EXTERNAL_DRIVER", "maybe"), Map.of()),
            "AEROMQ_EXTERNAL_DRIVER");
        assertConfigError(() -> Config.from(Map.of("AEROMQ_ENGINE_THREADS", "two"), Map.of()), "AEROMQ_ENGINE_THREADS");
        assertConfigError(() -> Config.from(Map.of("AEROMQ_ENGINE_THREADS", "0"), Map.of()), "AEROMQ_ENGINE_THREADS");
        assertConfigError(() -> Config.from(Map.of("AEROMQ_RECEIVE_HWM", "0"), Map.of()), "AEROMQ_RECEIVE_HWM");
        assertConfigError(() -> Config.from(Map.of("AEROMQ_LINGER", "-5s"), Map.of()), "AEROMQ_LINGER");
    }

    @Test
    void malformedPropertyNamesTheProperty()
    {
        assertConfigError(() -> Config.from(Map.of(), Map.of("aeromq.term.length", "abc")), "aeromq.term.length");
        assertConfigError(() -> Config.from(Map.of(), Map.of("aeromq.receive.timeout", "2 days")),
            "aeromq.receive.timeout");
    }

    @Test
    void malformedPropertyFailsEvenWhenTheEnvironmentIsFine()
    {
        assertConfigError(() -> Config.from(Map.of("AEROMQ_TERM_LENGTH", "16m"), Map.of("aeromq.term.length", "x")),
            "aeromq.term.length");
    }

    @Test
    void contradictionBetweenVariablesIsReported()
    {
        // Each value is fine alone; together they break peerTimeout > heartbeatInterval.
        assertConfigError(() -> Config.from(Map.of("AEROMQ_HEARTBEAT_INTERVAL", "10s", "AEROMQ_PEER_TIMEOUT", "5s"),
            Map.of()), "peerTimeout", "heartbeatInterval");
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

    private static void assertMentions(final Throwable ex, final String word)
    {
        final String message = String.valueOf(ex.getMessage());
        if (!message.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT)))
        {
            fail("message \"" + message + "\" does not mention \"" + word + "\"" +
                (ex.getCause() == null ? "" : " (cause: " + ex.getCause() + ")"));
        }
    }
}
