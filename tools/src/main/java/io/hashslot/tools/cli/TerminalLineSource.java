package io.hashslot.tools.cli;

import io.hashslot.common.ArgSplitter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp;

/**
 * REPL input from a terminal through JLine: line editing, history in a file (commands with passwords left out),
 * tab completion of command names and help topics, and gray argument hints after the cursor. Tab completes as
 * redis-cli's linenoise does: the first candidate replaces the line, each further Tab shows the next one, and after
 * the last the typed text comes back (with a beep) before the cycle starts again.
 */
final class TerminalLineSource implements Repl.LineSource {
    private final Terminal terminal;
    private final LineReaderImpl reader;
    private final HelpCatalog help;
    /** The Tab cycle in progress: candidates, the one shown (size() = the typed text), typed text, line shown. */
    private List<String> cycle;
    private int cycleIndex;
    private String cycleTyped;
    private String cycleShown;

    TerminalLineSource(Terminal terminal, HelpCatalog help, Repl repl, Path historyFile) {
        this.terminal = terminal;
        this.help = help;
        this.reader = new HintingReader(terminal, help, repl);
        reader.setParser(new WholeLineParser());
        reader.setCompleter((r, line, candidates) -> {
            for (String c : help.completions(line.line())) {
                candidates.add(new Candidate(c, c, null, null, null, null, false));
            }
        });
        reader.setOpt(LineReader.Option.CASE_INSENSITIVE);
        reader.unsetOpt(LineReader.Option.HISTORY_IGNORE_SPACE);
        reader.unsetOpt(LineReader.Option.HISTORY_TIMESTAMPED);
        reader.unsetOpt(LineReader.Option.INSERT_TAB);
        reader.getWidgets().put("hashslot-cycle-complete", this::cycleCompletion);
        reader.getKeyMaps().get(LineReader.MAIN).bind(new org.jline.reader.Reference("hashslot-cycle-complete"),
            "\t");
        reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
        reader.setAutosuggestion(LineReader.SuggestionType.TAIL_TIP);
        if (historyFile != null) {
            reader.setVariable(LineReader.HISTORY_FILE, historyFile);
        }
        reader.setHistory(new FilteredHistory());
        reader.getHistory().attach(reader);
    }

    LineReader reader() {
        return reader;
    }

    /** Tab: the next completion candidate in place of the line (see the class comment). */
    private boolean cycleCompletion() {
        String line = reader.getBuffer().toString();
        if (cycle == null || !line.equals(cycleShown)) {
            List<String> candidates = help.completions(line);
            if (candidates.isEmpty()) {
                cycle = null;
                reader.callWidget(LineReader.BEEP);
                return true;
            }
            cycle = candidates;
            cycleIndex = 0;
            cycleTyped = line;
        } else {
            cycleIndex = (cycleIndex + 1) % (cycle.size() + 1);
            if (cycleIndex == cycle.size()) {
                reader.callWidget(LineReader.BEEP);
            }
        }
        cycleShown = cycleIndex < cycle.size() ? cycle.get(cycleIndex) : cycleTyped;
        reader.getBuffer().clear();
        reader.getBuffer().write(cycleShown);
        return true;
    }

    @Override
    public byte[] readLine(String prompt) {
        try {
            String line = reader.readLine(prompt);
            return line == null ? null : line.getBytes(StandardCharsets.UTF_8);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    @Override
    public void clearScreen() {
        terminal.puts(InfoCmp.Capability.clear_screen);
        terminal.flush();
    }

    /** History that, like redis-cli, does not keep AUTH and other password-carrying commands. */
    private static final class FilteredHistory extends DefaultHistory {
        @Override
        public void add(Instant time, String line) {
            List<byte[]> argv = ArgSplitter.split(line.getBytes(StandardCharsets.UTF_8));
            if (argv != null) {
                Long count = argv.size() > 1 ? Repl.repeatCount(Session.word(argv.get(0))) : null;
                if (Repl.isSensitive(count != null ? argv.subList(1, argv.size()) : argv)) {
                    return;
                }
            }
            super.add(time, line);
        }
    }

    /** Shows the argument hint of the command being typed as a tail tip. */
    private static final class HintingReader extends LineReaderImpl {
        private final HelpCatalog help;
        private final Repl repl;

        HintingReader(Terminal terminal, HelpCatalog help, Repl repl) {
            super(terminal, "hashslot-cli", null);
            this.help = help;
            this.repl = repl;
        }

        @Override
        public AttributedString getDisplayedBufferWithPrompts(List<AttributedString> secondaryPrompts) {
            String hint = repl.hintsEnabled() && state != State.DONE ? help.hint(buf.toString()) : null;
            setTailTip(hint == null ? "" : hint);
            return super.getDisplayedBufferWithPrompts(secondaryPrompts);
        }
    }

    /** Treats the whole line as one word, so a completion replaces the line like redis-cli's does. */
    private static final class WholeLineParser implements Parser {
        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            return new CompletingParsedLine() {
                @Override
                public CharSequence escape(CharSequence candidate, boolean complete) {
                    return candidate;
                }

                @Override
                public int rawWordCursor() {
                    return cursor;
                }

                @Override
                public int rawWordLength() {
                    return line.length();
                }

                @Override
                public String word() {
                    return line;
                }

                @Override
                public int wordCursor() {
                    return cursor;
                }

                @Override
                public int wordIndex() {
                    return 0;
                }

                @Override
                public List<String> words() {
                    return List.of(line);
                }

                @Override
                public String line() {
                    return line;
                }

                @Override
                public int cursor() {
                    return cursor;
                }
            };
        }
    }
}
