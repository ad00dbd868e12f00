package org.leggio.score.internal.musicxml;

import java.util.List;
import java.util.Set;

/**
 * The repeat and jump markings of one measure, merged over all parts (an exporter may write them
 * in the first part only). This is all {@link RepeatUnfolder} looks at.
 *
 * <p>Positions follow the usual engraving conventions: repeats-forward, volta starts, segni and
 * coda targets act at the start of the measure; repeats-backward, volta ends, D.C., D.S., To Coda
 * and Fine act at its end.
 *
 * @param forwardRepeat a {@code <repeat direction="forward"/>} barline ({@code |:}) at the start
 * @param backwardRepeat a {@code <repeat direction="backward"/>} barline ({@code :|}) at the end
 * @param backwardRepeatTimes the {@code times} attribute of that repeat: how often the section is
 *     played in all; 0 when not given (then 2, or the highest volta number of a volta group)
 * @param endingStartNumbers the numbers of a volta starting here ({@code <ending number="1, 2"
 *     type="start">} gives [1, 2]); empty when none starts here
 * @param endingStop a volta ends here ({@code type="stop"} or {@code "discontinue"})
 * @param segnoNames names of segni here: the {@code <sound segno="...">} value, or "" for a bare
 *     {@code <segno/>} sign
 * @param codaNames names of coda targets here ({@code <sound coda="...">}, or "" for a bare
 *     {@code <coda/>} sign)
 * @param fine {@code <sound fine="...">}: the piece ends here after a D.C./D.S. jump
 * @param daCapo {@code <sound dacapo="yes">}: jump to the start (of the section)
 * @param dalSegno {@code <sound dalsegno="name">}: jump to the segno of that name; null when none
 * @param toCoda {@code <sound tocoda="name">}: after a D.C./D.S., jump to the coda of that name;
 *     null when none
 */
public record RepeatMarks(
        boolean forwardRepeat,
        boolean backwardRepeat,
        int backwardRepeatTimes,
        List<Integer> endingStartNumbers,
        boolean endingStop,
        Set<String> segnoNames,
        Set<String> codaNames,
        boolean fine,
        boolean daCapo,
        String dalSegno,
        String toCoda) {

    /** No marks at all. */
    public static final RepeatMarks NONE =
            new RepeatMarks(false, false, 0, List.of(), false, Set.of(), Set.of(), false, false, null, null);

    public RepeatMarks {
        endingStartNumbers = List.copyOf(endingStartNumbers);
        segnoNames = Set.copyOf(segnoNames);
        codaNames = Set.copyOf(codaNames);
    }

    /** Whether a volta starts at this measure. */
    public boolean endingStart() {
        return !endingStartNumbers.isEmpty();
    }
}
