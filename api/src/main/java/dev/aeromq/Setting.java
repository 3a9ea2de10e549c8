package dev.aeromq;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One row of the {@link Settings} table: a setting's name, its environment variable and system property, its
 * default, how its text is parsed and how its value is validated. Immutable.
 * <p>
 * The environment variable and system property are {@code AEROMQ_STEM} and {@code aeromq.stem} with dots for
 * underscores, where the stem is the name in upper snake case ({@code termLength} gives {@code TERM_LENGTH})
 * unless given.
 *
 * @param <T> type of the value.
 */
final class Setting<T>
{
    /** What a validation returns for a valid value. */
    static final String VALID = null;

    private final String name;
    private final String environmentVariable;
    private final String systemProperty;
    private final T defaultValue;
    private final Function<String, ? extends T> parser;
    private final Function<? super T, String> validation;
    private final UnaryOperator<T> normalization;

    private Setting(
        final String name,
        final String environmentVariable,
        final String systemProperty,
        final T defaultValue,
        final Function<String, ? extends T> parser,
        final Function<? super T, String> validation,
        final UnaryOperator<T> normalization)
    {
        this.name = name;
        this.environmentVariable = environmentVariable;
        this.systemProperty = systemProperty;
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.validation = validation;
        this.normalization = normalization;
    }

    /**
     * A setting whose environment variable and system property derive from its name.
     *
     * @param name         as in the builder and in messages, e.g. {@code termLength}.
     * @param defaultValue the value unless set.
     * @param parser       from trimmed text to a value; throws IllegalArgumentException saying what it expected.
     * @param validation   from a value to what is wrong with it, or {@link #VALID}.
     * @param <T>          type of the value.
     * @return the setting.
     */
    static <T> Setting<T> of(
        final String name,
        final T defaultValue,
        final Function<String, ? extends T> parser,
        final Function<? super T, String> validation)
    {
        return of(name, stemOf(name), defaultValue, parser, validation);
    }

    /**
     * A setting whose environment variable and system property are given by their stem.
     *
     * @param name         as in the builder and in messages, e.g. {@code aeronDirectory}.
     * @param stem         e.g. {@code AERON_DIR} for {@code AEROMQ_AERON_DIR} and {@code aeromq.aeron.dir}.
     * @param defaultValue the value unless set.
     * @param parser       from trimmed text to a value; throws IllegalArgumentException saying what it expected.
     * @param validation   from a value to what is wrong with it, or {@link #VALID}.
     * @param <T>          type of the value.
     * @return the setting.
     */
    static <T> Setting<T> of(
        final String name,
        final String stem,
        final T defaultValue,
        final Function<String, ? extends T> parser,
        final Function<? super T, String> validation)
    {
        return new Setting<>(
            name,
            "AEROMQ_" + stem,
            "aeromq." + stem.toLowerCase(Locale.ROOT).replace('_', '.'),
            defaultValue,
            parser,
            validation,
            UnaryOperator.identity());
    }

    /**
     * @param normalization applied to every value before it is validated, e.g. null to a default.
     * @return this setting with the normalization.
     */
    Setting<T> normalizedBy(final UnaryOperator<T> normalization)
    {
        return new Setting<>(
            name, environmentVariable, systemProperty, defaultValue, parser, validation, normalization);
    }

    /**
     * @return the name, as in the builder, e.g. {@code termLength}.
     */
    String name()
    {
        return name;
    }

    /**
     * @return the environment variable, e.g. {@code AEROMQ_TERM_LENGTH}.
     */
    String environmentVariable()
    {
        return environmentVariable;
    }

    /**
     * @return the system property, e.g. {@code aeromq.term.length}.
     */
    String systemProperty()
    {
        return systemProperty;
    }

    /**
     * @return the value unless set.
     */
    T defaultValue()
    {
        return defaultValue;
    }

    /**
     * Normalizes and validates a value: the one check every value of this setting passes.
     *
     * @param value as given.
     * @return the value to keep.
     * @throws ConfigException naming this setting and the value if the value is invalid.
     */
    T check(final T value)
    {
        final T normalized = normalization.apply(value);
        final String error = validation.apply(normalized);
        if (null != error)
        {
            throw new ConfigException(name + " " + error + ", was " + value);
        }
        return normalized;
    }

    /**
     * Parses and checks the text of an environment variable or system property.
     *
     * @param source the variable or property the text comes from.
     * @param text   its value.
     * @return the value to keep.
     * @throws ConfigException naming the source and the text if the text is malformed or its value invalid.
     */
    T parse(final String source, final String text)
    {
        final T value;
        try
        {
            value = parser.apply(text.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(source + "=" + text + " is malformed: " + ex.getMessage(), ex);
        }

        try
        {
            return check(value);
        }
        catch (final ConfigException ex)
        {
            throw new ConfigException(source + "=" + text + " is invalid: " + ex.getMessage(), ex);
        }
    }

    /**
     * @param values of settings, as a {@link Config} or its builder holds them.
     * @return the value of this setting among them.
     */
    @SuppressWarnings("unchecked")
    T valueIn(final Map<Setting<?>, Object> values)
    {
        return (T)values.get(this);
    }

    /**
     * @return the name, e.g. {@code termLength}.
     */
    @Override
    public String toString()
    {
        return name;
    }

    private static String stemOf(final String name)
    {
        final StringBuilder stem = new StringBuilder();
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (Character.isUpperCase(c))
            {
                stem.append('_');
            }
            stem.append(Character.toUpperCase(c));
        }
        return stem.toString();
    }
}
