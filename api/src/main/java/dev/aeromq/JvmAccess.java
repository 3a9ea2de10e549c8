package dev.aeromq;

import org.agrona.DirectBuffer;

/**
 * The one JVM flag AeroMQ needs: Aeron's Agrona library reaches {@code jdk.internal.misc.Unsafe},
 * which a JVM opens only with {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED} (or
 * {@code =org.agrona} when Agrona is on the module path). Without it the first use fails deep inside
 * Agrona with an {@code IllegalAccessError}; {@link Communicator#open()} checks first and says what to
 * do instead.
 */
final class JvmAccess
{
    private static final String PACKAGE = "jdk.internal.misc";

    private static volatile boolean checked;

    private JvmAccess()
    {
    }

    /**
     * @throws ConfigException naming the exact flag and where to put it, if the JVM lacks it.
     */
    static void check()
    {
        if (checked)
        {
            return;
        }
        final Module agrona = DirectBuffer.class.getModule(); // loads no Agrona code that needs the access
        if (!Object.class.getModule().isExported(PACKAGE, agrona))
        {
            throw new ConfigException(missing(flag(agrona)));
        }
        checked = true;
    }

    /**
     * @param agrona the module Agrona is in.
     * @return the flag this JVM needs.
     */
    static String flag(final Module agrona)
    {
        return "--add-opens java.base/" + PACKAGE + "=" + (agrona.isNamed() ? agrona.getName() : "ALL-UNNAMED");
    }

    /**
     * @param flag the flag needed.
     * @return what the error says: the flag, why, and where to put it.
     */
    static String missing(final String flag)
    {
        return "AeroMQ needs the JVM flag " + flag + " (Aeron's Agrona library uses " +
            "jdk.internal.misc.Unsafe, which the JVM keeps closed without it). Add it to the java command " +
            "(java " + flag + " -cp ... Main); with mvn exec:java, to .mvn/jvm.config or MAVEN_OPTS; with " +
            "mvn exec:exec, to the command line; with Surefire, to <argLine>. See the README section " +
            "\"Use AeroMQ in your project\"";
    }
}
