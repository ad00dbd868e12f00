package org.leggio.score.internal.musicxml;

import static org.leggio.score.internal.musicxml.MusicXmlFile.child;
import static org.leggio.score.internal.musicxml.MusicXmlFile.children;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leggio.score.ScoreException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A parsed MusicXML score: metadata, parts, measures in written order, and every {@code <note>}
 * that carries an {@code id} (as (n)ASAP scores do), with its measure, staff, pitch and onset.
 *
 * <p>Measures are shared by all parts: measure {@code i} is the {@code i}-th {@code <measure>} of
 * every part (MusicXML requires parts to have the same measures). Onsets are exact as far as
 * doubles go: {@code <duration>} is read in the {@code <divisions>} in force (they may change
 * anywhere), {@code <backup>}/{@code <forward>} move the time cursor, {@code <chord/>} notes share
 * the onset of the note before them and grace notes take no time.
 *
 * <p>{@link #unfold()} gives the performance order ({@link RepeatUnfolder}); {@link
 * #visibleAnchor(String)} maps notes that a renderer does not draw to a drawn one.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class MusicXmlScore {

    /** Onsets that differ by less than this (in quarter notes) are simultaneous; absorbs rounding of tuplets. */
    static final double ONSET_EPSILON_BEATS = 1e-6;

    private static final String[] STEPS = {"C", "D", "E", "F", "G", "A", "B"};
    private static final int[] STEP_SEMITONES = {0, 2, 4, 5, 7, 9, 11};
    private static final Pattern INTEGER = Pattern.compile("\\d+");
    private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*[-–]\\s*(\\d+)");

    private final String name;
    private final Optional<String> workTitle;
    private final Optional<String> movementTitle;
    private final Optional<String> composer;
    private final List<MusicXmlPart> parts;
    private final List<MusicXmlMeasure> measures;
    private final List<MusicXmlNote> notes;
    private final List<SoundingNote> soundingNotes;
    private final Map<String, Integer> noteIndexById;
    private final AnchorIndex anchors;
    private volatile List<PlayedMeasure> unfolded;

    private MusicXmlScore(String name, Optional<String> workTitle, Optional<String> movementTitle,
            Optional<String> composer, List<MusicXmlPart> parts, List<MusicXmlMeasure> measures,
            List<MusicXmlNote> notes, List<SoundingNote> soundingNotes) {
        this.name = name;
        this.soundingNotes = List.copyOf(soundingNotes);
        this.workTitle = workTitle;
        this.movementTitle = movementTitle;
        this.composer = composer;
        this.parts = List.copyOf(parts);
        this.measures = List.copyOf(measures);
        this.notes = List.copyOf(notes);
        Map<String, Integer> byId = new HashMap<>(notes.size() * 2);
        for (int i = 0; i < notes.size(); i++) {
            byId.putIfAbsent(notes.get(i).id(), i); // a duplicated id keeps its first note
        }
        this.noteIndexById = byId;
        this.anchors = new AnchorIndex(this.notes);
    }

    /**
     * Reads and parses a {@code .musicxml}/{@code .xml}/{@code .mxl} file.
     *
     * @param file the file
     * @return the parsed score
     * @throws ScoreException if the file is not a readable MusicXML score (see {@link MusicXmlFile#read(Path)})
     */
    public static MusicXmlScore read(Path file) {
        return parse(MusicXmlFile.read(file), file.toString());
    }

    /**
     * Parses a MusicXML document, such as one returned by {@link MusicXmlFile#read(Path)}.
     *
     * @param doc a {@code score-partwise} document ({@code score-timewise} is converted first)
     * @param name what to call the score in error messages
     * @return the parsed score
     * @throws ScoreException if it is not a MusicXML score with parts and measures
     */
    public static MusicXmlScore parse(Document doc, String name) {
        Element root = MusicXmlFile.checkScore(doc, name).getDocumentElement();
        return new Parser(name).parse(root);
    }

    /** What the score was read from (for messages). */
    public String name() {
        return name;
    }

    /** {@code <work><work-title>}, when present and not blank. */
    public Optional<String> workTitle() {
        return workTitle;
    }

    /** {@code <movement-title>}, when present and not blank. */
    public Optional<String> movementTitle() {
        return movementTitle;
    }

    /** The work title, or else the movement title. */
    public Optional<String> title() {
        return workTitle.or(() -> movementTitle);
    }

    /** The first {@code <identification><creator type="composer">}, when present and not blank. */
    public Optional<String> composer() {
        return composer;
    }

    /** The parts in document order. */
    public List<MusicXmlPart> parts() {
        return parts;
    }

    /** The measures in written order; {@code measures().get(i).index() == i}. */
    public List<MusicXmlMeasure> measures() {
        return measures;
    }

    /** All notes with an {@code id}, part by part, each part in document order. */
    public List<MusicXmlNote> notes() {
        return notes;
    }

    /**
     * Every pitched note that sounds, with or without an {@code id} (most MusicXML files have none),
     * part by part in document order; what a listener hears, for note-level alignment.
     */
    public List<SoundingNote> soundingNotes() {
        return soundingNotes;
    }

    /** The note with this {@code id}, if any. */
    public Optional<MusicXmlNote> note(String noteId) {
        Integer i = noteIndexById.get(noteId);
        return i == null ? Optional.empty() : Optional.of(notes.get(i));
    }

    /**
     * The written-order index of the measure holding a note.
     *
     * @throws IllegalArgumentException if no note has this id
     */
    public int noteMeasureIndex(String noteId) {
        return require(noteId).measureIndex();
    }

    /**
     * The id of a note a renderer draws, standing in for {@code noteId}: the note itself if it is
     * visible; for a {@code print-object="no"} note (in (n)ASAP mostly hidden ornament
     * realisations) the nearest preceding visible pitched note of the same part and staff, ordered
     * by measure and onset. Among visible notes at that same onset (a chord, or the ornamented main
     * note beside other voices) the one closest in pitch wins. If the staff has none before it,
     * the part, then the whole score is searched; if nothing visible precedes it at all, the first
     * visible note after it is used.
     *
     * @return the anchor's id; empty only if the score has no visible pitched note
     * @throws IllegalArgumentException if no note has this id
     */
    public Optional<String> visibleAnchor(String noteId) {
        MusicXmlNote note = require(noteId);
        if (!note.invisible()) {
            return Optional.of(note.id());
        }
        return anchors.anchor(note).map(MusicXmlNote::id);
    }

    /**
     * The measures in performance order with their pass numbers, computed once by {@link
     * RepeatUnfolder#unfold(List)}.
     */
    public List<PlayedMeasure> unfold() {
        List<PlayedMeasure> u = unfolded;
        if (u == null) {
            u = RepeatUnfolder.unfold(measures);
            unfolded = u;
        }
        return u;
    }

    private MusicXmlNote require(String noteId) {
        Integer i = noteIndexById.get(noteId);
        if (i == null) {
            throw new IllegalArgumentException(name + ": no note with id '" + noteId + "'");
        }
        return notes.get(i);
    }

    @Override
    public String toString() {
        return "MusicXmlScore[" + name + ", " + parts.size() + " parts, " + measures.size() + " measures, "
                + notes.size() + " notes with id]";
    }

    // ---------------------------------------------------------------------------------------------

    /** Visible pitched notes sorted by (measure, onset, document order), per staff, per part and overall. */
    private static final class AnchorIndex {
        private final Map<String, List<MusicXmlNote>> byStaff = new HashMap<>();
        private final Map<String, List<MusicXmlNote>> byPart = new HashMap<>();
        private final List<MusicXmlNote> all = new ArrayList<>();

        AnchorIndex(List<MusicXmlNote> notes) {
            for (MusicXmlNote n : notes) {
                if (n.visibleNotehead()) {
                    byStaff.computeIfAbsent(n.partId() + "\u0000" + n.staff(), k -> new ArrayList<>()).add(n);
                    byPart.computeIfAbsent(n.partId(), k -> new ArrayList<>()).add(n);
                    all.add(n);
                }
            }
            // Stable sort: document order breaks ties, so a chord keeps its written order.
            Comparator<MusicXmlNote> order = Comparator.comparingInt(MusicXmlNote::measureIndex)
                    .thenComparingDouble(MusicXmlNote::onsetBeats);
            byStaff.values().forEach(l -> l.sort(order));
            byPart.values().forEach(l -> l.sort(order));
            all.sort(order);
        }

        Optional<MusicXmlNote> anchor(MusicXmlNote target) {
            for (List<MusicXmlNote> list : List.of(
                    byStaff.getOrDefault(target.partId() + "\u0000" + target.staff(), List.of()),
                    byPart.getOrDefault(target.partId(), List.of()),
                    all)) {
                MusicXmlNote found = preceding(list, target);
                if (found != null) {
                    return Optional.of(found);
                }
            }
            // Nothing visible before it anywhere (an ornament on the very first note): take the next one.
            int i = firstAfter(all, target);
            return i < all.size() ? Optional.of(all.get(i)) : Optional.empty();
        }

        /** The last note at or before the target's position; among notes at that position, the closest pitch. */
        private static MusicXmlNote preceding(List<MusicXmlNote> list, MusicXmlNote target) {
            int end = firstAfter(list, target); // notes [0, end) are at or before the target
            if (end == 0) {
                return null;
            }
            MusicXmlNote last = list.get(end - 1);
            MusicXmlNote best = last;
            for (int i = end - 1; i >= 0 && samePosition(list.get(i), last); i--) {
                MusicXmlNote n = list.get(i);
                if (Math.abs(n.midiPitch() - target.midiPitch()) <= Math.abs(best.midiPitch() - target.midiPitch())) {
                    best = n; // "<=" while walking backwards: on equal distance the earlier written note wins
                }
            }
            return best;
        }

        /** Index of the first note strictly after the target's (measure, onset). */
        private static int firstAfter(List<MusicXmlNote> list, MusicXmlNote target) {
            int lo = 0;
            int hi = list.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compare(list.get(mid), target) <= 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        private static int compare(MusicXmlNote a, MusicXmlNote b) {
            if (a.measureIndex() != b.measureIndex()) {
                return Integer.compare(a.measureIndex(), b.measureIndex());
            }
            double d = a.onsetBeats() - b.onsetBeats();
            return Math.abs(d) < ONSET_EPSILON_BEATS ? 0 : (d < 0 ? -1 : 1);
        }

        private static boolean samePosition(MusicXmlNote a, MusicXmlNote b) {
            return compare(a, b) == 0;
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Mutable per-measure accumulator while the parts are walked. */
    private static final class MeasureAcc {
        String number;
        boolean implicit;
        double contentBeats;
        double timeSignatureBeats = Double.NaN;
        double beatUnitQuarters = Double.NaN;
        boolean timeSignatureSet;
        boolean forwardRepeat;
        boolean backwardRepeat;
        int backwardRepeatTimes;
        List<Integer> endingStartNumbers = List.of();
        boolean endingNumbersGuessed;
        boolean endingStop;
        final Set<String> segnoNames = new LinkedHashSet<>();
        final Set<String> codaNames = new LinkedHashSet<>();
        boolean fine;
        boolean daCapo;
        String dalSegno;
        String toCoda;
    }

    /** Walks the DOM once; keeps per-part state (divisions, time signature) across measures. */
    private static final class Parser {
        private final String name;
        private final List<MeasureAcc> acc = new ArrayList<>();
        private final List<MusicXmlNote> notes = new ArrayList<>();
        private final List<SoundingNote> sounding = new ArrayList<>();

        Parser(String name) {
            this.name = name;
        }

        MusicXmlScore parse(Element root) {
            Element work = child(root, "work");
            Optional<String> workTitle = text(work == null ? null : child(work, "work-title"));
            Optional<String> movementTitle = text(child(root, "movement-title"));
            Optional<String> composer = Optional.empty();
            Element identification = child(root, "identification");
            if (identification != null) {
                for (Element creator : children(identification, "creator")) {
                    if (creator.getAttribute("type").equals("composer") && text(creator).isPresent()) {
                        composer = text(creator);
                        break;
                    }
                }
            }

            Map<String, String> partNames = new LinkedHashMap<>();
            Element partList = child(root, "part-list");
            if (partList != null) {
                for (Element sp : children(partList, "score-part")) {
                    partNames.put(sp.getAttribute("id"), text(child(sp, "part-name")).orElse(""));
                }
            }
            List<Element> partElements = children(root, "part");
            if (partElements.isEmpty()) {
                throw new ScoreException(name + ": MusicXML score without any <part>");
            }
            List<MusicXmlPart> parts = new ArrayList<>();
            for (Element part : partElements) {
                String id = part.getAttribute("id");
                int staves = parsePart(part, id);
                parts.add(new MusicXmlPart(id, partNames.getOrDefault(id, ""), staves));
            }
            if (acc.isEmpty()) {
                throw new ScoreException(name + ": MusicXML score without any <measure>");
            }
            guessCodaJump();

            List<MusicXmlMeasure> measures = new ArrayList<>(acc.size());
            double start = 0;
            for (int i = 0; i < acc.size(); i++) {
                MeasureAcc a = acc.get(i);
                double duration = a.contentBeats > ONSET_EPSILON_BEATS ? a.contentBeats
                        : Double.isNaN(a.timeSignatureBeats) ? 0 : a.timeSignatureBeats;
                RepeatMarks marks = new RepeatMarks(a.forwardRepeat, a.backwardRepeat, a.backwardRepeatTimes,
                        a.endingStartNumbers, a.endingStop, a.segnoNames, a.codaNames, a.fine, a.daCapo,
                        a.dalSegno, a.toCoda);
                measures.add(new MusicXmlMeasure(i, a.number == null ? "" : a.number, a.implicit, start, duration,
                        a.timeSignatureBeats, a.beatUnitQuarters, marks));
                start += duration;
            }
            return new MusicXmlScore(name, workTitle, movementTitle, composer, parts, measures, notes, sounding);
        }

        /** Parses one part's measures into the shared accumulators; returns its staff count. */
        private int parsePart(Element part, String partId) {
            double divisions = 1; // MusicXML requires <divisions> before the first duration; 1 is a harmless guess
            double timeSignatureBeats = Double.NaN;
            double beatUnitQuarters = Double.NaN;
            int staves = 1;
            int index = 0;
            for (Element measure : children(part, "measure")) {
                if (index == acc.size()) {
                    acc.add(new MeasureAcc());
                }
                MeasureAcc a = acc.get(index);
                if (a.number == null && measure.hasAttribute("number")) {
                    a.number = measure.getAttribute("number");
                }
                a.implicit |= measure.getAttribute("implicit").equals("yes");

                double cursor = 0;     // quarter notes from the start of the measure
                double lastOnset = 0;  // onset of the last note, for <chord/>
                double reach = 0;      // furthest point reached
                for (Element e : children(measure, null)) {
                    switch (e.getTagName()) {
                        case "attributes" -> {
                            Element d = child(e, "divisions");
                            if (d != null) {
                                double v = number(d, divisions); // a decimal in the schema, integer in practice
                                if (v > 0) {
                                    divisions = v;
                                }
                            }
                            Element s = child(e, "staves");
                            if (s != null) {
                                staves = Math.max(staves, (int) number(s, 1));
                            }
                            Element t = child(e, "time");
                            if (t != null) {
                                timeSignatureBeats = timeSignature(t);
                                beatUnitQuarters = beatUnit(t);
                            }
                        }
                        case "note" -> {
                            NoteChildren c = new NoteChildren(e);
                            double duration = c.grace ? 0 : number(c.duration, 0) / divisions;
                            double onset = c.chord ? lastOnset : cursor;
                            if (!c.chord && !c.grace) {
                                cursor += duration;
                            }
                            lastOnset = onset;
                            reach = Math.max(reach, Math.max(cursor, onset + duration));
                            if (e.hasAttribute("id")) {
                                notes.add(note(e, c, index, partId, onset, duration));
                            }
                            int pitch = c.pitch == null || c.rest ? -1 : midiPitch(c.pitch);
                            if (pitch >= 0) { // invisible ornament realisations sound too
                                sounding.add(new SoundingNote(index, onset, duration, pitch, c.tieStop));
                            }
                        }
                        case "backup" -> cursor = Math.max(0, cursor - number(child(e, "duration"), 0) / divisions);
                        case "forward" -> {
                            cursor += number(child(e, "duration"), 0) / divisions;
                            reach = Math.max(reach, cursor);
                        }
                        case "barline" -> barline(e, a, index);
                        case "direction" -> direction(e, a);
                        case "sound" -> sound(e, a);
                        default -> { } // print, harmony, figured-bass, ...: no time, no repeat
                    }
                }
                a.contentBeats = Math.max(a.contentBeats, reach);
                if (!a.timeSignatureSet) {
                    // First part wins: parts may differ only in polymetric scores, where any choice is a guess.
                    a.timeSignatureBeats = timeSignatureBeats;
                    a.beatUnitQuarters = beatUnitQuarters;
                    a.timeSignatureSet = true;
                }
                index++;
            }
            return staves;
        }

        private MusicXmlNote note(Element e, NoteChildren c, int measureIndex, String partId, double onset,
                double duration) {
            int pitch = c.pitch == null ? -1 : midiPitch(c.pitch);
            int staff = c.staff == null ? 1 : (int) number(c.staff, 1);
            return new MusicXmlNote(e.getAttribute("id"), measureIndex, partId, staff, text(c.voice).orElse(""),
                    c.rest, c.chord, c.grace, c.cue, e.getAttribute("print-object").equals("no"), pitch, onset,
                    duration);
        }

        /** The children of a {@code <note>} that matter, found in one pass (notes are most of a score). */
        private static final class NoteChildren {
            boolean chord;
            boolean grace;
            boolean cue;
            boolean rest;
            boolean tieStop;
            Element duration;
            Element pitch;
            Element staff;
            Element voice;

            NoteChildren(Element note) {
                for (Node n = note.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element c) {
                        switch (c.getTagName()) {
                            case "chord" -> chord = true;
                            case "grace" -> grace = true;
                            case "cue" -> cue = true;
                            case "rest" -> rest = true;
                            case "duration" -> duration = c;
                            case "pitch" -> pitch = c;
                            case "staff" -> staff = c;
                            case "voice" -> voice = c;
                            case "tie" -> tieStop |= c.getAttribute("type").equals("stop");
                            default -> { }
                        }
                    }
                }
            }
        }

        private int midiPitch(Element pitch) {
            String step = text(child(pitch, "step")).orElse("").toUpperCase();
            int s = -1;
            for (int i = 0; i < STEPS.length; i++) {
                if (STEPS[i].equals(step)) {
                    s = i;
                }
            }
            Element octave = child(pitch, "octave");
            if (s < 0 || octave == null) {
                return -1;
            }
            // <alter> may be fractional (microtones); the nearest key is the best MIDI can do.
            int alter = (int) Math.round(number(child(pitch, "alter"), 0));
            return ((int) number(octave, 4) + 1) * 12 + STEP_SEMITONES[s] + alter;
        }

        private void barline(Element barline, MeasureAcc a, int index) {
            Element repeat = child(barline, "repeat");
            if (repeat != null) {
                String dir = repeat.getAttribute("direction");
                if (dir.equals("forward")) {
                    a.forwardRepeat = true;
                } else if (dir.equals("backward")) {
                    a.backwardRepeat = true;
                    if (repeat.hasAttribute("times")) {
                        a.backwardRepeatTimes = Math.max(a.backwardRepeatTimes, (int) number(repeat, "times", 0));
                    }
                }
            }
            Element ending = child(barline, "ending");
            if (ending != null) {
                String type = ending.getAttribute("type");
                if (type.equals("start")) {
                    if (a.endingStartNumbers.isEmpty() || a.endingNumbersGuessed) {
                        List<Integer> numbers = endingNumbers(ending.getAttribute("number"));
                        boolean guessed = false;
                        if (numbers.isEmpty()) {
                            // MusicXML 4 allows number="" for unnumbered voltas; try the printed text ("1.-5.").
                            numbers = endingNumbers(ending.getTextContent());
                        }
                        if (numbers.isEmpty()) {
                            numbers = List.of(nextEndingNumber(index));
                            guessed = true;
                        }
                        a.endingStartNumbers = numbers;
                        a.endingNumbersGuessed = guessed;
                    }
                } else if (type.equals("stop") || type.equals("discontinue")) {
                    a.endingStop = true;
                }
            }
            // <segno>/<coda> signs may sit on a barline as well as in a direction.
            if (child(barline, "segno") != null) {
                a.segnoNames.add("");
            }
            if (child(barline, "coda") != null) {
                a.codaNames.add("");
            }
        }

        /** For a volta without any number: one more than the volta that ends just before it, else 1. */
        private int nextEndingNumber(int index) {
            if (index > 0 && acc.get(index - 1).endingStop) {
                for (int i = index - 1; i >= 0; i--) {
                    if (!acc.get(i).endingStartNumbers.isEmpty()) {
                        return Collections.max(acc.get(i).endingStartNumbers) + 1;
                    }
                }
            }
            return 1;
        }

        private void direction(Element direction, MeasureAcc a) {
            boolean segnoSign = false;
            boolean codaSign = false;
            for (Element dt : children(direction, "direction-type")) {
                segnoSign |= child(dt, "segno") != null;
                codaSign |= child(dt, "coda") != null;
            }
            Element sound = child(direction, "sound");
            boolean soundHasSegno = sound != null && sound.hasAttribute("segno");
            boolean soundHasCoda = sound != null && (sound.hasAttribute("coda") || sound.hasAttribute("tocoda"));
            if (segnoSign && !soundHasSegno) {
                a.segnoNames.add("");
            }
            if (codaSign && !soundHasCoda) {
                a.codaNames.add("");
            }
            if (sound != null) {
                sound(sound, a);
            }
        }

        private void sound(Element sound, MeasureAcc a) {
            if (sound.hasAttribute("segno")) {
                a.segnoNames.add(sound.getAttribute("segno").trim());
            }
            if (sound.hasAttribute("coda")) {
                a.codaNames.add(sound.getAttribute("coda").trim());
            }
            if (sound.hasAttribute("fine") && !sound.getAttribute("fine").equals("no")) {
                a.fine = true;
            }
            if (sound.getAttribute("dacapo").equals("yes")) {
                a.daCapo = true;
            }
            if (sound.hasAttribute("dalsegno") && a.dalSegno == null) {
                a.dalSegno = sound.getAttribute("dalsegno").trim();
            }
            if (sound.hasAttribute("tocoda") && a.toCoda == null) {
                a.toCoda = sound.getAttribute("tocoda").trim();
            }
        }

        /**
         * Some exporters write the "To Coda" sign as a bare {@code <coda/>} with no {@code <sound
         * tocoda>}: then the score has two coda signs and no jump. Read the first as the jump.
         */
        private void guessCodaJump() {
            boolean anyToCoda = acc.stream().anyMatch(a -> a.toCoda != null);
            List<MeasureAcc> withCoda = acc.stream().filter(a -> !a.codaNames.isEmpty()).toList();
            if (!anyToCoda && withCoda.size() >= 2) {
                MeasureAcc first = withCoda.get(0);
                first.toCoda = first.codaNames.iterator().next();
                first.codaNames.clear();
            }
        }

        private static List<Integer> endingNumbers(String s) {
            Set<Integer> out = new LinkedHashSet<>();
            Matcher range = RANGE.matcher(s);
            while (range.find()) {
                int from = Integer.parseInt(range.group(1));
                int to = Integer.parseInt(range.group(2));
                for (int i = from; i <= to && i - from < 100; i++) {
                    out.add(i);
                }
            }
            Matcher m = INTEGER.matcher(s);
            while (m.find()) {
                if (m.group().length() <= 4) {
                    out.add(Integer.parseInt(m.group()));
                }
            }
            List<Integer> list = new ArrayList<>(out);
            Collections.sort(list);
            return list;
        }

        /** Quarter notes per measure from a {@code <time>}: sum of beats*4/beat-type pairs ("3+2"/8 allowed). */
        private static double timeSignature(Element time) {
            if (child(time, "senza-misura") != null) {
                return Double.NaN;
            }
            double total = 0;
            List<Element> kids = children(time, null);
            for (int i = 0; i < kids.size(); i++) {
                if (kids.get(i).getTagName().equals("beats") && i + 1 < kids.size()
                        && kids.get(i + 1).getTagName().equals("beat-type")) {
                    double beats = 0;
                    for (String part : kids.get(i).getTextContent().trim().split("\\+")) {
                        try {
                            beats += Double.parseDouble(part.trim());
                        } catch (NumberFormatException e) {
                            return Double.NaN;
                        }
                    }
                    double beatType = number(kids.get(i + 1), Double.NaN);
                    if (!(beatType > 0)) {
                        return Double.NaN;
                    }
                    total += beats * 4 / beatType;
                }
            }
            return total > 0 ? total : Double.NaN;
        }

        /** The first {@code <beat-type>} of a {@code <time>} in quarter notes (8 gives 0.5); NaN without one. */
        private static double beatUnit(Element time) {
            if (child(time, "senza-misura") != null) {
                return Double.NaN;
            }
            double beatType = number(child(time, "beat-type"), Double.NaN);
            return beatType > 0 ? 4 / beatType : Double.NaN;
        }

        private static Optional<String> text(Element e) {
            if (e == null) {
                return Optional.empty();
            }
            String t = e.getTextContent().trim();
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        }

        private static double number(Element e, double fallback) {
            if (e == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(e.getTextContent().trim());
            } catch (NumberFormatException ex) {
                return fallback;
            }
        }

        private static double number(Element e, String attribute, double fallback) {
            try {
                return Double.parseDouble(e.getAttribute(attribute).trim());
            } catch (NumberFormatException ex) {
                return fallback;
            }
        }
    }
}
