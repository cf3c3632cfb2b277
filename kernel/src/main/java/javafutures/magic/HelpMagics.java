package javafutures.magic;

import java.util.stream.Collectors;

/** {@code %lsmagic} and {@code %name?}: what magics there are and how to call them. */
public final class HelpMagics {
    private HelpMagics() {
    }

    public static final class LsMagic extends AbstractMagic {
        public LsMagic() {
            super("lsmagic", "%lsmagic", "Lists the magics of this kernel; %name? shows one's help.", true, false);
        }

        @Override
        public void check(MagicCall call) throws MagicUsageException {
            noArguments(call);
        }

        @Override
        public Object run(MagicCall call, MagicContext context) {
            String lines = context.registry().all().stream()
                    .filter(m -> !m.name().equals("magic-help"))
                    .map(m -> String.format("  %-34s %s", m.usage(), firstSentence(m.help())))
                    .collect(Collectors.joining("\n"));
            System.out.println("Magics (%name? for help on one):\n" + lines);
            return null;
        }
    }

    /** The hidden magic behind {@code %name?}. */
    public static final class MagicHelp extends AbstractMagic {
        public MagicHelp() {
            super("magic-help", "%NAME?", "Shows a magic's help.", true, false);
        }

        @Override
        public void check(MagicCall call) {
        }

        @Override
        public Object run(MagicCall call, MagicContext context) {
            Magic m = context.registry().find(call.args().get(0));
            System.out.println(m.usage() + "\n\n" + m.help());
            return null;
        }
    }

    static String firstSentence(String help) {
        int dot = help.indexOf(". ");
        return dot < 0 ? help.strip() : help.substring(0, dot + 1);
    }
}
