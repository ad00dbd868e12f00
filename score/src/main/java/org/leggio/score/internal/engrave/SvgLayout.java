package org.leggio.score.internal.engrave;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The geometry of one Verovio SVG page (rendered with {@code svgBoundingBoxes}), in Verovio's
 * page units (the inner {@code definition-scale} view box: 21000 units across a 2100-wide page).
 *
 * <p>Staves are located by their five line paths, not by Verovio's staff bounding box: that box
 * also covers ledger lines and so is taller than the staff. A system's box is the union of its
 * staff-line extents, a measure's box the union of its staves' extents within the measure.
 *
 * @param viewBoxWidthUnits width of the page in units (21000 with Leggio's options)
 * @param viewBoxHeightUnits height of the page in units
 * @param systems the page's systems top to bottom, each with its measures left to right
 */
public record SvgLayout(double viewBoxWidthUnits, double viewBoxHeightUnits, List<SvgSystem> systems) {

    /** An axis-aligned box, page units. */
    public record Box(double left, double top, double right, double bottom) {
        Box union(Box other) {
            return other == null ? this : new Box(Math.min(left, other.left), Math.min(top, other.top),
                    Math.max(right, other.right), Math.max(bottom, other.bottom));
        }

        public double centreX() {
            return (left + right) / 2;
        }
    }

    /** One staff within one measure: the extent of its five lines and the line spacing. */
    public record SvgStaff(Box lines, double staffSpaceUnits) {}

    /** A note (or chord member) and its own bounding box (notehead, with accidentals or dots). */
    public record SvgNote(String id, int staffIndex, Box box) {}

    /** A measure: its Verovio id, staves and notes. */
    public record SvgMeasure(String id, Box box, List<SvgStaff> staves, List<SvgNote> notes) {}

    /** A system: its box (union of its measures) and measures. */
    public record SvgSystem(String id, Box box, List<SvgMeasure> measures) {}

    private static final Pattern TRANSLATE = Pattern.compile("^\\s*translate\\(\\s*([-0-9.eE]+)[ ,]+([-0-9.eE]+)\\s*\\)\\s*$");
    private static final Pattern HORIZONTAL_LINE =
            Pattern.compile("^\\s*M\\s*([-0-9.]+)[ ,]+([-0-9.]+)\\s*L\\s*([-0-9.]+)[ ,]+([-0-9.]+)\\s*$");

    /** Parses a page file. */
    public static SvgLayout read(Path svg) throws IOException {
        try (InputStream in = Files.newInputStream(svg)) {
            return parse(in);
        } catch (XMLStreamException e) {
            throw new IOException("not a readable SVG page: " + svg + ": " + e.getMessage(), e);
        }
    }

    static SvgLayout parse(InputStream in) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader reader = factory.createXMLStreamReader(in);
        try {
            return new Parser().run(reader);
        } finally {
            reader.close();
        }
    }

    /** A stack-based walk: Verovio nests note ⊂ layer ⊂ staff ⊂ measure ⊂ system. */
    private static final class Parser {
        private final Deque<Frame> stack = new ArrayDeque<>();
        private final List<SvgSystem> systems = new ArrayList<>();
        private double viewBoxWidth;
        private double viewBoxHeight;
        // builders of the open system / measure / staff
        private String systemId;
        private List<SvgMeasure> measures;
        private String measureId;
        private List<SvgStaff> staves;
        private List<SvgNote> notes;
        private List<double[]> staffLines;
        private String noteId;

        private record Frame(String element, String cssClass, String id, double dx, double dy) {}

        SvgLayout run(XMLStreamReader reader) throws XMLStreamException {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    start(reader);
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    end();
                }
            }
            return new SvgLayout(viewBoxWidth, viewBoxHeight, List.copyOf(systems));
        }

        private void start(XMLStreamReader reader) {
            String name = reader.getLocalName();
            String cssClass = attr(reader, "class");
            String id = attr(reader, "id");
            double dx = stack.isEmpty() ? 0 : stack.peek().dx;
            double dy = stack.isEmpty() ? 0 : stack.peek().dy;
            if (name.equals("svg") && "definition-scale".equals(cssClass)) {
                String[] viewBox = attr(reader, "viewBox").trim().split("[ ,]+");
                viewBoxWidth = Double.parseDouble(viewBox[2]);
                viewBoxHeight = Double.parseDouble(viewBox[3]);
            }
            if (name.equals("g")) {
                Matcher translate = TRANSLATE.matcher(attr(reader, "transform"));
                if (translate.matches()) {
                    dx += Double.parseDouble(translate.group(1));
                    dy += Double.parseDouble(translate.group(2));
                }
                open(cssClass, id, "hidden".equals(attr(reader, "visibility")));
            } else if (name.equals("rect") && inBoundingBoxOf("note") && noteId != null) {
                Box box = new Box(dx + num(reader, "x"), dy + num(reader, "y"),
                        dx + num(reader, "x") + num(reader, "width"), dy + num(reader, "y") + num(reader, "height"));
                notes.add(new SvgNote(noteId, staves.size(), box));
                noteId = null;
            } else if (name.equals("path") && staffLines != null && isStaffChild()) {
                Matcher line = HORIZONTAL_LINE.matcher(attr(reader, "d"));
                if (line.matches() && line.group(2).equals(line.group(4))) {
                    staffLines.add(new double[] {dx + Double.parseDouble(line.group(1)),
                        dx + Double.parseDouble(line.group(3)), dy + Double.parseDouble(line.group(2))});
                }
            }
            stack.push(new Frame(name, cssClass, id, dx, dy));
        }

        private void open(String cssClass, String id, boolean hidden) {
            if (hasClass(cssClass, "bounding-box")) {
                return;
            }
            if (hasClass(cssClass, "system")) {
                systemId = id;
                measures = new ArrayList<>();
            } else if (hasClass(cssClass, "measure") && measures != null) {
                measureId = id;
                staves = new ArrayList<>();
                notes = new ArrayList<>();
            } else if (hasClass(cssClass, "staff") && staves != null) {
                staffLines = new ArrayList<>();
            } else if (hasClass(cssClass, "note") && notes != null) {
                // print-object="no" notes are laid out but hidden: nothing is drawn for them
                noteId = hidden ? null : id;
            }
        }

        private void end() {
            Frame frame = stack.pop();
            if (!frame.element.equals("g") || hasClass(frame.cssClass, "bounding-box")) {
                return;
            }
            if (hasClass(frame.cssClass, "staff") && staffLines != null) {
                closeStaff();
            } else if (hasClass(frame.cssClass, "measure") && staves != null) {
                closeMeasure();
            } else if (hasClass(frame.cssClass, "system") && measures != null) {
                closeSystem();
            } else if (hasClass(frame.cssClass, "note")) {
                noteId = null; // a note without a bounding box (e.g. invisible) gets no entry
            }
        }

        private void closeStaff() {
            if (staffLines.size() >= 2) {
                double left = Double.MAX_VALUE, right = -Double.MAX_VALUE, top = Double.MAX_VALUE, bottom = -Double.MAX_VALUE;
                for (double[] line : staffLines) {
                    left = Math.min(left, Math.min(line[0], line[1]));
                    right = Math.max(right, Math.max(line[0], line[1]));
                    top = Math.min(top, line[2]);
                    bottom = Math.max(bottom, line[2]);
                }
                staves.add(new SvgStaff(new Box(left, top, right, bottom), (bottom - top) / (staffLines.size() - 1)));
            }
            staffLines = null;
        }

        private void closeMeasure() {
            Box box = null;
            for (SvgStaff staff : staves) {
                box = staff.lines.union(box);
            }
            if (box != null) {
                measures.add(new SvgMeasure(measureId, box, List.copyOf(staves), List.copyOf(notes)));
            }
            staves = null;
            notes = null;
        }

        private void closeSystem() {
            Box box = null;
            for (SvgMeasure measure : measures) {
                box = measure.box.union(box);
            }
            if (box != null) {
                systems.add(new SvgSystem(systemId, box, List.copyOf(measures)));
            }
            measures = null;
        }

        private boolean inBoundingBoxOf(String elementClass) {
            Frame top = stack.peek();
            return top != null && hasClass(top.cssClass, "bounding-box") && hasClass(top.cssClass, elementClass);
        }

        private boolean isStaffChild() {
            Frame top = stack.peek();
            return top != null && hasClass(top.cssClass, "staff");
        }

        private static boolean hasClass(String cssClass, String name) {
            if (cssClass == null) {
                return false;
            }
            for (String part : cssClass.split(" ")) {
                if (part.equals(name)) {
                    return true;
                }
            }
            return false;
        }

        private static String attr(XMLStreamReader reader, String name) {
            String value = reader.getAttributeValue(null, name);
            return value == null ? "" : value;
        }

        private static double num(XMLStreamReader reader, String name) {
            return Double.parseDouble(attr(reader, name));
        }
    }
}
