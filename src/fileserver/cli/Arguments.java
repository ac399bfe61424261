package fileserver.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: {@code --name value}, {@code --name=value} and bare
 * {@code --flag} options, plus positional arguments. Which names take a value and which
 * are flags is declared up front, so a typo is an error rather than a silent no-op.
 */
public final class Arguments {
    private final Map<String, String> values;
    private final Set<String> flags;
    private final List<String> positionals;

    private Arguments(Map<String, String> values, Set<String> flags, List<String> positionals) {
        this.values = Map.copyOf(values);
        this.flags = Set.copyOf(flags);
        this.positionals = List.copyOf(positionals);
    }

    /**
     * True if {@code args} ask for the usage text: {@code --help} or {@code -h} anywhere,
     * so that help wins over any mistake elsewhere on the line.
     */
    public static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses {@code args}.
     *
     * @param valueOptions option names (with their dashes) that take a value
     * @param flagOptions  option names that stand alone
     * @throws UsageException for an unknown option, a missing value or a repeated option
     */
    public static Arguments parse(String[] args, Set<String> valueOptions, Set<String> flagOptions)
            throws UsageException {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> positionals = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("--")) {
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String[] nameAndValue = arg.split("=", 2);
            String name = nameAndValue[0];
            boolean inline = nameAndValue.length == 2;
            if (flagOptions.contains(name)) {
                if (inline) {
                    throw new UsageException(name + " takes no value");
                }
                flags.add(name);
            } else if (valueOptions.contains(name)) {
                String value;
                if (inline) {
                    value = nameAndValue[1];
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException(name + " needs a value");
                }
                if (values.putIfAbsent(name, value) != null) {
                    throw new UsageException(name + " given more than once");
                }
            } else {
                throw new UsageException("unknown option " + arg);
            }
        }
        return new Arguments(values, flags, positionals);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** The integer value of option {@code name}, which must lie in {@code [min, max]}. */
    public int integer(String name, int fallback, int min, int max) throws UsageException {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new UsageException(name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    public List<String> positionals() {
        return positionals;
    }
}
