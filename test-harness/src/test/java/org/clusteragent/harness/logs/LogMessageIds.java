package org.clusteragent.harness.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the log message ids of Java sources: a string literal that starts with {@code CLAGnnnn: }
 * is a message, and its text is every string literal of the call (or statement) it belongs to,
 * joined, so {@code "CLAG3001: " + name + " is ..."} and a format string with its literal
 * arguments both count as one message. Comments are skipped, so ranges named in Javadoc are not
 * messages. A hand-written lexer is enough: it only has to tell code, comments, strings and
 * characters apart, and count parentheses.
 */
final class LogMessageIds {

    static final Pattern ID = Pattern.compile("^(CLAG\\d{4}): ?");
    private static final Pattern LEVEL_CONSTANT = Pattern.compile("Level\\.(TRACE|DEBUG|INFO|WARNING|ERROR)\\b");
    private static final Pattern LEVEL_METHOD = Pattern.compile("\\.(trace|debug|info|warn|error|fatal)[fv]?\\s*$");

    /** One message: where it is, its id, level (or "?" when the scanner cannot tell) and text. */
    record Message(String id, String level, String text, Path file, int line, String module) {
        String where() {
            return file + ":" + line;
        }
    }

    private enum Kind { STRING, OPEN, CLOSE, END, CODE }

    private record Token(Kind kind, String text, int line) {
    }

    private LogMessageIds() {
    }

    /** Every message in the main Java sources of every module under {@code root}. */
    static List<Message> scan(Path root) {
        List<Message> messages = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                Path sources = module.resolve("src/main/java");
                if (!Files.isDirectory(sources)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                        messages.addAll(scan(root.relativize(file), module.getFileName().toString(),
                                Files.readString(file)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return messages;
    }

    static List<Message> scan(Path file, String module, String source) {
        List<Token> tokens = tokens(source);
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Matcher id = t.kind == Kind.STRING ? ID.matcher(t.text) : null;
            if (id == null || !id.find()) {
                continue;
            }
            StringBuilder text = new StringBuilder(t.text.substring(id.end()));
            int depth = 0;
            for (int j = i + 1; j < tokens.size(); j++) {
                Token next = tokens.get(j);
                if (next.kind == Kind.OPEN) {
                    depth++;
                } else if (next.kind == Kind.CLOSE && --depth < 0 || next.kind == Kind.END && depth <= 0) {
                    break;
                } else if (next.kind == Kind.STRING) {
                    text.append(next.text);
                }
            }
            messages.add(new Message(id.group(1), level(tokens, i), text.toString(), file, t.line, module));
        }
        return messages;
    }

    /** The level named by the code between the statement's start and the message's literal. */
    private static String level(List<Token> tokens, int literal) {
        StringBuilder before = new StringBuilder();
        for (int i = literal - 1; i >= 0 && tokens.get(i).kind != Kind.END; i--) {
            Token t = tokens.get(i);
            before.insert(0, t.kind == Kind.OPEN ? "(" : t.kind == Kind.CLOSE ? ")" : t.kind == Kind.CODE ? t.text : "\"\"");
        }
        String code = before.toString();
        Matcher constant = LEVEL_CONSTANT.matcher(code);
        String level = null;
        while (constant.find()) {
            level = constant.group(1).equals("WARNING") ? "WARN" : constant.group(1);
        }
        if (level != null) {
            return level;
        }
        int call = code.lastIndexOf('(');
        while (call > 0) {
            Matcher method = LEVEL_METHOD.matcher(code.substring(0, call));
            if (method.find()) {
                return method.group(1).toUpperCase(java.util.Locale.ROOT);
            }
            call = code.lastIndexOf('(', call - 1);
        }
        // Configuration warnings are collected in a list and logged at WARN by the parser.
        return code.matches("(?s).*\\bwarnings\\.add\\s*\\($") ? "WARN" : "?";
    }

    private static List<Token> tokens(String s) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        int line = 1;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                line += count(s, i, end);
                i = end;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? s.length() : end;
                flush(tokens, code, line);
                tokens.add(new Token(Kind.STRING, s.substring(i + 3, end), line));
                line += count(s, i, end);
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                StringBuilder literal = new StringBuilder();
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    if (s.charAt(j) == '\\' && j + 1 < s.length()) {
                        literal.append(unescape(s.charAt(++j)));
                    } else {
                        literal.append(s.charAt(j));
                    }
                    j++;
                }
                flush(tokens, code, line);
                if (c == '"') {
                    tokens.add(new Token(Kind.STRING, literal.toString(), line));
                } else {
                    tokens.add(new Token(Kind.CODE, "'c'", line));
                }
                i = j + 1;
            } else if (c == '(' || c == ')' || c == ';' || c == '{' || c == '}') {
                flush(tokens, code, line);
                tokens.add(new Token(c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.END, String.valueOf(c), line));
                i++;
            } else {
                if (c == '\n') {
                    line++;
                }
                code.append(c);
                i++;
            }
        }
        flush(tokens, code, line);
        return tokens;
    }

    private static char unescape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            default -> c;
        };
    }

    private static void flush(List<Token> tokens, StringBuilder code, int line) {
        if (!code.toString().isBlank()) {
            tokens.add(new Token(Kind.CODE, code.toString(), line));
        }
        code.setLength(0);
    }

    private static int count(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
