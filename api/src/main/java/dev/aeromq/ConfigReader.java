package dev.aeromq;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads {@code AEROMQ_*} environment variables, then {@code aeromq.*} system properties (which so override them),
 * into a {@link Config.Builder} through the {@link Settings} table.
 * <p>
 * A malformed or invalid value of a known name fails with a {@link ConfigException} naming it. An unknown name
 * under the prefix is only logged as a warning to {@code System.getLogger("dev.aeromq.Config")}, listing the
 * known names: a typo shows up in the log, and an application's own {@code aeromq.myapp.x} does not stop it.
 */
final class ConfigReader
{
    private static final Logger LOGGER = System.getLogger(Config.class.getName());

    private ConfigReader()
    {
    }

    /**
     * @param environment environment variables; those but {@code AEROMQ_*} are ignored.
     * @param properties  system properties; those but {@code aeromq.*} are ignored.
     * @return the defaults, overridden by the variables and then by the properties.
     * @throws ConfigException naming the variable or property whose value is malformed or invalid.
     */
    static Config config(final Map<String, String> environment, final Map<String, String> properties)
    {
        final Config.Builder builder = Config.builder();
        read(builder, environment, properties);
        return builder.build();
    }

    /**
     * @param builder     to set what is read on.
     * @param environment environment variables, e.g. {@link System#getenv()}.
     * @param properties  system properties.
     * @throws ConfigException naming the variable or property whose value is malformed or invalid.
     */
    static void read(
        final Config.Builder builder, final Map<String, String> environment, final Map<String, String> properties)
    {
        read(builder, environment, "AEROMQ_", "environment variable", Setting::environmentVariable);
        read(builder, properties, "aeromq.", "system property", Setting::systemProperty);
    }

    private static void read(
        final Config.Builder builder,
        final Map<String, String> source,
        final String prefix,
        final String kind,
        final Function<Setting<?>, String> naming)
    {
        for (final Map.Entry<String, String> entry : new TreeMap<>(source).entrySet())
        {
            final String name = entry.getKey();
            if (name.startsWith(prefix))
            {
                final Setting<?> setting = Settings.find(name, naming);
                if (null == setting)
                {
                    LOGGER.log(Level.WARNING, "AeroMQ ignores unknown " + kind + " " + name + "; it reads " +
                        Settings.names(naming));
                }
                else
                {
                    set(builder, setting, name, entry.getValue());
                }
            }
        }
    }

    private static <T> void set(
        final Config.Builder builder, final Setting<T> setting, final String name, final String text)
    {
        builder.put(setting, setting.parse(name, text));
    }

    /**
     * @return the system properties now, as a sorted map of strings.
     */
    static Map<String, String> systemProperties()
    {
        final Properties properties = System.getProperties();
        final Map<String, String> copy = new TreeMap<>();
        for (final String name : properties.stringPropertyNames())
        {
            copy.put(name, properties.getProperty(name));
        }
        return copy;
    }
}
