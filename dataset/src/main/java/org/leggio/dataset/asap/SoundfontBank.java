package org.leggio.dataset.asap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SF2 soundfont used to render performances, with the short name that appears in output file
 * names (the file name without {@code .sf2}, e.g. {@code TimGM6mb}).
 *
 * @param name short name: letters, digits, {@code _} and {@code -} only
 * @param sf2Path the bank file
 */
public record SoundfontBank(String name, Path sf2Path) {
    /**
     * General MIDI banks looked for by {@link #installed()}, best first. Debian's {@code
     * timgm6mb-soundfont} is installed; {@code fluid-soundfont-gm} adds FluidR3_GM. SF3 banks are
     * not listed: Gervill renders them silent.
     */
    public static final List<Path> DEFAULT_CANDIDATES = List.of(
            Path.of("/usr/share/sounds/sf2/FluidR3_GM.sf2"),
            Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2"));

    /** Checks the name, which becomes part of file names. */
    public SoundfontBank {
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("soundfont name must be [A-Za-z0-9_-]+: '" + name + "'");
        }
    }

    /** A bank named after its file ({@code FluidR3_GM.sf2} → {@code FluidR3_GM}). */
    public static SoundfontBank of(Path sf2Path) {
        String file = sf2Path.getFileName().toString();
        String stem = file.toLowerCase(Locale.ROOT).endsWith(".sf2") ? file.substring(0, file.length() - 4) : file;
        return new SoundfontBank(stem.replaceAll("[^A-Za-z0-9_-]", "_"), sf2Path);
    }

    /** The {@link #DEFAULT_CANDIDATES} that exist, in that order. */
    public static List<SoundfontBank> installed() {
        return installed(DEFAULT_CANDIDATES);
    }

    /**
     * The candidates that exist as regular files, in the given order. Symbolic links are resolved
     * so that e.g. {@code default-GM.sf2} is named after the bank it points to.
     *
     * @throws AsapDataException if none exists
     */
    public static List<SoundfontBank> installed(List<Path> candidates) {
        List<SoundfontBank> banks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                Path real = candidate;
                try {
                    real = candidate.toRealPath();
                } catch (java.io.IOException e) {
                    // keep the path as given; rendering will report the problem
                }
                SoundfontBank bank = of(real);
                if (!names.contains(bank.name())) {
                    names.add(bank.name());
                    banks.add(bank);
                }
            }
        }
        if (banks.isEmpty()) {
            throw new AsapDataException("none of the soundfonts " + candidates + " exists (install e.g."
                    + " timgm6mb-soundfont or fluid-soundfont-gm)");
        }
        return banks;
    }
}
