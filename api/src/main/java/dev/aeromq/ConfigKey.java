package dev.aeromq;

/**
 * The settings that {@link Config#fromEnvironment()} reads, each as environment variable
 * {@code AEROMQ_NAME} and system property {@code aeromq.name}.
 */
public enum ConfigKey
{
    /** {@code AEROMQ_AERON_DIR} / {@code aeromq.aeron.dir}: Aeron directory (path). */
    AERON_DIR(Settings.AERON_DIRECTORY),
    /** {@code AEROMQ_EXTERNAL_DRIVER} / {@code aeromq.external.driver}: true to attach to a running driver. */
    EXTERNAL_DRIVER(Settings.EXTERNAL_DRIVER),
    /** {@code AEROMQ_DRIVER_TIMEOUT}: silence of the media driver after which the communicator closes (10s). */
    DRIVER_TIMEOUT(Settings.DRIVER_TIMEOUT),
    /** {@code AEROMQ_DRIVER_THREADING}: shared, shared_network or dedicated. */
    DRIVER_THREADING(Settings.DRIVER_THREADING),
    /** {@code AEROMQ_IDLE_STRATEGY}: backoff, sleeping, yielding or busy_spin. */
    IDLE_STRATEGY(Settings.IDLE),
    /** {@code AEROMQ_ENGINE_THREADS}: number of engine threads (1 to 64). */
    ENGINE_THREADS(Settings.ENGINE_THREADS),
    /** {@code AEROMQ_ATTACHMENT_THRESHOLD}: frame size from which frames are zero-copy attachments (e.g. 1k). */
    ATTACHMENT_THRESHOLD(Settings.ATTACHMENT_THRESHOLD),
    /** {@code AEROMQ_TERM_LENGTH}: Aeron term length, a power of two from 64k to 1g (e.g. 16m). */
    TERM_LENGTH(Settings.TERM_LENGTH),
    /** {@code AEROMQ_SEND_TIMEOUT}: default send timeout (e.g. 500ms, 2s, 1m, PT1S, forever). */
    SEND_TIMEOUT(Settings.SEND_TIMEOUT),
    /** {@code AEROMQ_RECEIVE_TIMEOUT}: default receive timeout. */
    RECEIVE_TIMEOUT(Settings.RECEIVE_TIMEOUT),
    /** {@code AEROMQ_LINGER}: default linger on close. */
    LINGER(Settings.LINGER),
    /** {@code AEROMQ_RECEIVE_HWM}: default receive high-water mark (messages). */
    RECEIVE_HWM(Settings.RECEIVE_HIGH_WATER_MARK),
    /** {@code AEROMQ_RECEIVE_HWM_BYTES}: default receive high-water mark (bytes, e.g. 64m). */
    RECEIVE_HWM_BYTES(Settings.RECEIVE_HIGH_WATER_MARK_BYTES),
    /** {@code AEROMQ_MAX_MESSAGE_SIZE}: the most payload bytes of one message (e.g. 1g). */
    MAX_MESSAGE_SIZE(Settings.MAX_MESSAGE_SIZE),
    /** {@code AEROMQ_HEARTBEAT_INTERVAL}: how often an idle link says it is alive. */
    HEARTBEAT_INTERVAL(Settings.HEARTBEAT_INTERVAL),
    /** {@code AEROMQ_PEER_TIMEOUT}: silence after which a peer counts as gone. */
    PEER_TIMEOUT(Settings.PEER_TIMEOUT),
    /** {@code AEROMQ_MAX_PEERS}: peers one socket admits through its bindings; beyond them Hellos are refused. */
    MAX_PEERS(Settings.MAX_PEERS),
    /** {@code AEROMQ_PUBLISHER_BACK_PRESSURE}: drop or wait. */
    PUBLISHER_BACK_PRESSURE(Settings.PUBLISHER_BACK_PRESSURE);

    private final Setting<?> setting;

    ConfigKey(final Setting<?> setting)
    {
        this.setting = setting;
    }

    /**
     * @return the environment variable name, e.g. {@code AEROMQ_AERON_DIR}.
     */
    public String environmentVariable()
    {
        return setting.environmentVariable();
    }

    /**
     * @return the system property name, e.g. {@code aeromq.aeron.dir}.
     */
    public String systemProperty()
    {
        return setting.systemProperty();
    }

    /**
     * @return the row of the {@link Settings} table this key names.
     */
    Setting<?> setting()
    {
        return setting;
    }
}
