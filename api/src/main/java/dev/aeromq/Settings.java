package dev.aeromq;

import dev.aeromq.Config.DriverThreading;
import dev.aeromq.Config.Idle;
import dev.aeromq.Config.PublisherBackPressure;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

import static dev.aeromq.Setting.VALID;

/**
 * The table of every {@link Config} setting: name, environment variable and system property (derived from the
 * name unless a stem is given), default, parser and validation, each written once.
 * <p>
 * To add a setting: a row here (and in {@link #ALL}), its getter and builder setter in {@link Config}, each a
 * one-liner over the row, and a {@link ConfigKey} constant naming the row so the public list of names is
 * complete. Reading it from the environment, validating it, its default and {@code toString} follow from the row.
 */
final class Settings
{
    private static final int KB = 1024;
    private static final int MB = 1024 * KB;
    private static final int GB = 1024 * MB;

    static final Setting<String> AERON_DIRECTORY =
        Setting.of("aeronDirectory", "AERON_DIR", null, Parsers::text, Settings::any)
        .normalizedBy(Settings::blankToNull);
    static final Setting<Boolean> EXTERNAL_DRIVER =
        Setting.of("externalDriver", Boolean.FALSE, Parsers::bool, Settings::present);
    static final Setting<Duration> DRIVER_TIMEOUT =
        Setting.of("driverTimeout", Duration.ofSeconds(10), Parsers::duration, Settings::driverTimeout);
    static final Setting<DriverThreading> DRIVER_THREADING =
        Setting.of("driverThreading", DriverThreading.SHARED, Parsers.enumOf(DriverThreading.class),
        Settings::present);
    static final Setting<Idle> IDLE =
        Setting.of("idle", "IDLE_STRATEGY", Idle.BACKOFF, Parsers.enumOf(Idle.class), Settings::present);
    static final Setting<Integer> ENGINE_THREADS =
        Setting.of("engineThreads", 1, Parsers::integer, (v) -> v >= 1 && v <= 64 ? VALID : "must be 1 to 64");
    static final Setting<Integer> ATTACHMENT_THRESHOLD =
        Setting.of("attachmentThreshold", KB, Parsers::size, (v) -> v >= 0 ? VALID : "must not be negative");
    static final Setting<Integer> TERM_LENGTH =
        Setting.of("termLength", 16 * MB, Parsers::size, Settings::termLength);
    static final Setting<Duration> SEND_TIMEOUT =
        Setting.of("sendTimeout", Config.FOREVER, Parsers::duration, Settings::any)
        .normalizedBy(Settings::orForever);
    static final Setting<Duration> RECEIVE_TIMEOUT =
        Setting.of("receiveTimeout", Config.FOREVER, Parsers::duration, Settings::any)
        .normalizedBy(Settings::orForever);
    static final Setting<Duration> LINGER =
        Setting.of("linger", Duration.ofSeconds(1), Parsers::duration, Settings::notNegative);
    static final Setting<Integer> RECEIVE_HIGH_WATER_MARK =
        Setting.of("receiveHighWaterMark", "RECEIVE_HWM", 1000, Parsers::integer, Settings::atLeastOne);
    static final Setting<Long> RECEIVE_HIGH_WATER_MARK_BYTES =
        Setting.of("receiveHighWaterMarkBytes", "RECEIVE_HWM_BYTES", 64L * MB, Parsers::longSize,
        Settings::positiveBytes);
    static final Setting<Long> MAX_MESSAGE_SIZE =
        Setting.of("maxMessageSize", (long)GB, Parsers::longSize, Settings::positiveBytes);
    static final Setting<Duration> HEARTBEAT_INTERVAL =
        Setting.of("heartbeatInterval", Duration.ofMillis(250), Parsers::duration, Settings::positive);
    static final Setting<Duration> PEER_TIMEOUT =
        Setting.of("peerTimeout", Duration.ofSeconds(2), Parsers::duration, Settings::positive);
    static final Setting<Integer> MAX_PEERS =
        Setting.of("maxPeers", 1024, Parsers::integer, Settings::atLeastOne);
    static final Setting<PublisherBackPressure> PUBLISHER_BACK_PRESSURE =
        Setting.of("publisherBackPressure", PublisherBackPressure.DROP, Parsers.enumOf(PublisherBackPressure.class),
        Settings::present);

    /** Every setting, in the order {@link Config#toString()} shows them. */
    static final List<Setting<?>> ALL = List.of(
        AERON_DIRECTORY,
        EXTERNAL_DRIVER,
        DRIVER_TIMEOUT,
        DRIVER_THREADING,
        IDLE,
        ENGINE_THREADS,
        ATTACHMENT_THRESHOLD,
        TERM_LENGTH,
        SEND_TIMEOUT,
        RECEIVE_TIMEOUT,
        LINGER,
        RECEIVE_HIGH_WATER_MARK,
        RECEIVE_HIGH_WATER_MARK_BYTES,
        MAX_MESSAGE_SIZE,
        HEARTBEAT_INTERVAL,
        PEER_TIMEOUT,
        MAX_PEERS,
        PUBLISHER_BACK_PRESSURE);

    private Settings()
    {
    }

    /**
     * @return a fresh, mutable map of every setting to its default; null values allowed.
     */
    static Map<Setting<?>, Object> defaults()
    {
        final Map<Setting<?>, Object> values = new IdentityHashMap<>();
        for (final Setting<?> setting : ALL)
        {
            values.put(setting, setting.defaultValue());
        }
        return values;
    }

    /**
     * @param name   of a variable or property.
     * @param naming how a setting names it, e.g. {@code Setting::environmentVariable}.
     * @return the setting so named, or null.
     */
    static Setting<?> find(final String name, final Function<Setting<?>, String> naming)
    {
        for (final Setting<?> setting : ALL)
        {
            if (naming.apply(setting).equals(name))
            {
                return setting;
            }
        }
        return null;
    }

    /**
     * @param naming how a setting names its variable or property, e.g. {@code Setting::environmentVariable}.
     * @return every such name, comma separated.
     */
    static String names(final Function<Setting<?>, String> naming)
    {
        final StringJoiner names = new StringJoiner(", ");
        for (final Setting<?> setting : ALL)
        {
            names.add(naming.apply(setting));
        }
        return names.toString();
    }

    private static String any(final Object value)
    {
        return VALID;
    }

    private static String present(final Object value)
    {
        return null != value ? VALID : "must not be null";
    }

    private static String positive(final Duration value)
    {
        return null != value && !value.isNegative() && !value.isZero() ? VALID : "must be positive";
    }

    private static String driverTimeout(final Duration value)
    {
        return null != value && value.toMillis() >= 100 ? VALID : "must be 100ms or more";
    }

    private static String blankToNull(final String directory)
    {
        return null == directory || directory.isBlank() ? null : directory;
    }

    private static Duration orForever(final Duration timeout)
    {
        return null == timeout || timeout.isNegative() ? Config.FOREVER : timeout;
    }

    private static String termLength(final Integer bytes)
    {
        return bytes >= 64 * KB && bytes <= GB && Integer.bitCount(bytes) == 1 ? VALID :
            "must be a power of two from 64k to 1g";
    }

    private static String notNegative(final Duration value)
    {
        return null != value && !value.isNegative() ? VALID : "must be zero or more";
    }

    private static String atLeastOne(final Integer value)
    {
        return value >= 1 ? VALID : "must be 1 or more";
    }

    private static String positiveBytes(final Long bytes)
    {
        return bytes != null && bytes >= 1 ? VALID : "must be 1 byte or more";
    }

    /**
     * @param values a value for every setting.
     * @return them as {@code {name=value, ...}}, in the order of the table.
     */
    static String describe(final Map<Setting<?>, Object> values)
    {
        final StringJoiner text = new StringJoiner(", ", "{", "}");
        for (final Setting<?> setting : ALL)
        {
            text.add(setting + "=" + setting.valueIn(values));
        }
        return text.toString();
    }
}
