package org.openrsm.sample;

import java.util.regex.Pattern;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * The document names the archive takes: every name it stores can be looked up again as one segment of a URL
 * ({@code /api/index/{document}}), whatever the client encodes. 1 to 200 characters: letters and digits of any
 * script, blanks inside the name, and {@code . _ - ~ ( ) + , = @ ! $ & ' *}; not only dots. No {@code /} or
 * {@code \} (path separators), {@code #} and {@code ?} (they end a URL's path), {@code %} (encoding), {@code ;}
 * (matrix parameters), control characters.
 */
final class DocumentNames {
    static final int MAX_LENGTH = 200;
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{N}._\\-~()+,=@!$&'* ]+");
    static final String RULE = "1 to " + MAX_LENGTH + " letters, digits, blanks inside the name and . _ - ~ ( ) + , = @ ! $ & ' *";

    private DocumentNames() {
    }

    static void check(String name) throws RsmException {
        if (name.isEmpty() || name.length() > MAX_LENGTH || !ALLOWED.matcher(name).matches() || !name.equals(name.strip())
                || name.chars().allMatch(c -> c == '.')) {
            throw new RsmException(RsmError.INVALID_NAME, "document name '" + printable(name) + "' is not allowed: a "
                    + "name has " + RULE);
        }
    }

    /** The name as it can be shown in a message: control characters as \\uXXXX, at most 80 characters. */
    private static String printable(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().limit(80).forEach(c -> b.append(Character.isISOControl(c) ? String.format("\\\\u%04x", c)
                : new String(Character.toChars(c))));
        return name.codePointCount(0, name.length()) > 80 ? b + "…" : b.toString();
    }
}
