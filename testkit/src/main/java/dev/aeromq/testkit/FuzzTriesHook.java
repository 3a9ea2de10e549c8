package dev.aeromq.testkit;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets the tries of a {@link FuzzTries} property for a long run; see there. Not used directly.
 */
public final class FuzzTriesHook implements AroundPropertyHook
{
    /**
     * Run the property with the long run's tries, if one was asked for.
     *
     * @param context  of the property.
     * @param property runs it.
     * @return its result.
     * @throws Throwable what running it throws.
     */
    @Override
    public PropertyExecutionResult aroundProperty(
        final PropertyLifecycleContext context, final PropertyExecutor property) throws Throwable
    {
        final long requested = requestedTries();
        if (requested > 0)
        {
            final int divisor = context.findAnnotation(FuzzTries.class).map(FuzzTries::longRunDivisor).orElse(1);
            final int ciTries = context.attributes().tries().orElse(1);
            final long tries = Math.max(ciTries, requested / Math.max(1, divisor));
            context.attributes().setTries((int)Math.min(Integer.MAX_VALUE, tries));
        }
        return property.execute();
    }

    /**
     * @return the tries a long run asks for, 0 for none.
     * @throws IllegalArgumentException if the variable or property is set to something other than a number.
     */
    public static long requestedTries()
    {
        String value = System.getProperty(FuzzTries.PROPERTY);
        if (value == null || value.isBlank())
        {
            value = System.getenv(FuzzTries.VARIABLE);
        }
        if (value == null || value.isBlank())
        {
            return 0;
        }
        try
        {
            return Long.parseLong(value.strip().replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(FuzzTries.VARIABLE + " must be a number of tries, e.g. 1000000; " +
                "it is \"" + value + "\"", ex);
        }
    }
}
