package dev.plmlab.science.data;

/** Checks a sequence's letters against an alphabet, naming each bad letter and its position. */
public final class Residues {
    private Residues() {
    }

    public static void check(String where, String sequence, String alphabet, ProblemList problems) {
        for (int i = 0; i < sequence.length(); i++) {
            char letter = sequence.charAt(i);
            if (alphabet.indexOf(letter) < 0) {
                problems.add(where + ": letter " + shown(letter) + " at residue " + (i + 1) + " is not in the alphabet " + alphabet);
            }
        }
    }

    /** A letter as messages show it: quoted when printable, else by its code point. */
    private static String shown(char letter) {
        return letter > ' ' && letter < 127 ? "'" + letter + "'" : String.format("U+%04X", (int) letter);
    }
}
