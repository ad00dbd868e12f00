package org.leggio.score.internal.musicxml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.leggio.score.ScoreException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Opens a MusicXML file, plain ({@code .musicxml}, {@code .xml}) or compressed ({@code .mxl}), as a
 * {@code score-partwise} DOM document.
 *
 * <p>The format is recognised from the content, not the file name: a ZIP archive is read as
 * compressed MusicXML (the score is the first {@code rootfile} named by
 * {@code META-INF/container.xml}), anything else is parsed as XML. A {@code score-timewise}
 * document is converted to {@code score-partwise}, so callers see one shape only.
 *
 * <p>Parsing is locked down: MusicXML files usually declare a DOCTYPE with a remote DTD
 * ({@code http://www.musicxml.org/dtds/partwise.dtd}); it is never loaded, external entities are
 * never resolved and the JDK's secure-processing limits apply. Nothing here touches the network
 * or files other than the one named.
 *
 * <p>All failures are {@link ScoreException}s whose message names the file and what is wrong.
 */
public final class MusicXmlFile {

    /** Uncompressed size limit of one {@code .mxl}; guards against ZIP bombs (the largest ASAP score is ~10 MB). */
    static final long MAX_UNCOMPRESSED_BYTES = 512L * 1024 * 1024;

    private static final String CONTAINER = "META-INF/container.xml";

    private MusicXmlFile() {}

    /**
     * Reads a MusicXML file.
     *
     * @param file a {@code .musicxml}/{@code .xml} or {@code .mxl} file
     * @return the {@code score-partwise} document (converted if the file is {@code score-timewise})
     * @throws ScoreException if the file cannot be read, is neither a ZIP archive nor well-formed XML,
     *     has no rootfile, or is not a MusicXML score with parts and measures
     */
    public static Document read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ScoreException(file + ": no such file", e);
        } catch (IOException e) {
            throw new ScoreException(file + ": cannot read the file: " + e.getMessage(), e);
        }
        return read(content, file.toString());
    }

    /**
     * Reads MusicXML from memory; see {@link #read(Path)}.
     *
     * @param content the bytes of a plain or compressed MusicXML file
     * @param name what to call the input in error messages (usually its path)
     * @return the {@code score-partwise} document
     * @throws ScoreException as {@link #read(Path)}
     */
    public static Document read(byte[] content, String name) {
        Document doc = isZip(content) ? readMxl(content, name) : parseXml(content, name, true);
        return checkScore(doc, name);
    }

    private static boolean isZip(byte[] b) {
        // Local file header "PK\3\4", or "PK\5\6" for an empty archive (which then fails with "no rootfile").
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K'
                && ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6));
    }

    private static Document readMxl(byte[] content, String name) {
        Map<String, byte[]> entries = unzip(content, name);
        byte[] container = entries.get(CONTAINER);
        if (container == null) {
            throw new ScoreException(name + ": compressed MusicXML (.mxl) without " + CONTAINER
                    + "; cannot tell which entry is the score (entries: " + entries.keySet() + ")");
        }
        Document c = parseXml(container, name + "!/" + CONTAINER, false);
        String rootPath = null;
        for (Element rootfile : descendants(c.getDocumentElement(), "rootfile")) {
            String type = rootfile.getAttribute("media-type");
            String path = rootfile.getAttribute("full-path");
            // The first rootfile is the score; later ones may be PDFs or images of it (MusicXML 4 spec).
            if (!path.isEmpty() && (type.isEmpty() || type.contains("musicxml") || type.endsWith("xml"))) {
                rootPath = path;
                break;
            }
        }
        if (rootPath == null) {
            throw new ScoreException(
                    name + ": " + CONTAINER + " names no MusicXML rootfile (no <rootfile full-path=...>)");
        }
        byte[] score = entries.get(rootPath);
        if (score == null) {
            throw new ScoreException(name + ": the rootfile '" + rootPath + "' named by " + CONTAINER
                    + " is not in the archive (entries: " + entries.keySet() + ")");
        }
        return parseXml(score, name + "!/" + rootPath, true);
    }

    private static Map<String, byte[]> unzip(byte[] content, String name) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            ZipEntry entry;
            byte[] buffer = new byte[1 << 16];
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int n;
                while ((n = zip.read(buffer)) > 0) {
                    total += n;
                    if (total > MAX_UNCOMPRESSED_BYTES) {
                        throw new ScoreException(name + ": compressed MusicXML expands to more than "
                                + MAX_UNCOMPRESSED_BYTES / (1024 * 1024) + " MiB; refusing to read it");
                    }
                    out.write(buffer, 0, n);
                }
                entries.put(entry.getName(), out.toByteArray());
            }
        } catch (ZipException e) {
            throw new ScoreException(name + ": not a valid ZIP archive (compressed MusicXML): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ScoreException(name + ": cannot read the ZIP archive: " + e.getMessage(), e);
        }
        return entries;
    }

    /**
     * Configured once: building a factory costs a service lookup (~2 ms), more than parsing a small
     * file. After configuration it is only used to make builders; the factory is not specified to be
     * thread-safe, so that call is synchronized (a builder itself is used by one thread only).
     */
    private static final DocumentBuilderFactory FACTORY = secureFactory();

    private static DocumentBuilderFactory secureFactory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // The DOCTYPE itself must stay allowed (every MusicXML file has one); only loading is off.
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            // The whole tree is walked anyway; building it at once makes the walk faster.
            f.setFeature("http://apache.org/xml/features/dom/defer-node-expansion", false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        }
    }

    /** A DocumentBuilder that never fetches anything: no external DTD, no external entities, no XInclude. */
    static DocumentBuilder secureBuilder() {
        DocumentBuilder b;
        try {
            synchronized (FACTORY) {
                b = FACTORY.newDocumentBuilder();
            }
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        }
        // Belt and braces: should any resolution still be attempted, it gets an empty document.
        b.setEntityResolver((publicId, systemId) -> new InputSource(new ByteArrayInputStream(new byte[0])));
        // The default handler prints to stderr; errors become exceptions instead.
        b.setErrorHandler(new DefaultHandler() {
            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return b;
    }

    private static Document parseXml(byte[] content, String name, boolean scoreExpected) {
        try (InputStream in = new ByteArrayInputStream(content)) {
            InputSource source = new InputSource(in);
            source.setSystemId(null);
            return secureBuilder().parse(source);
        } catch (SAXParseException e) {
            String what = scoreExpected
                    ? "neither a compressed MusicXML archive (.mxl) nor well-formed XML"
                    : "not well-formed XML";
            throw new ScoreException(name + ": " + what + " (line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + "): " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new ScoreException(name + ": cannot parse the XML: " + e.getMessage(), e);
        }
    }

    /** Checks a parsed document is a score with parts and measures; converts score-timewise. */
    static Document checkScore(Document doc, String name) {
        Element root = doc.getDocumentElement();
        String rootName = root.getTagName();
        if (rootName.equals("score-timewise")) {
            doc = timewiseToPartwise(doc, name);
            root = doc.getDocumentElement();
        } else if (!rootName.equals("score-partwise")) {
            throw new ScoreException(name + ": not a MusicXML score: the root element is <" + rootName
                    + ">, expected <score-partwise> (or <score-timewise>)");
        }
        List<Element> parts = children(root, "part");
        if (parts.isEmpty()) {
            throw new ScoreException(name + ": MusicXML score without any <part>");
        }
        for (Element part : parts) {
            if (children(part, "measure").isEmpty()) {
                throw new ScoreException(name + ": part '" + part.getAttribute("id") + "' has no <measure>");
            }
        }
        return doc;
    }

    /**
     * score-timewise holds measures of parts ({@code measure/part}); partwise holds parts of measures
     * ({@code part/measure}). The contents of each cell are the same, so regrouping is the whole
     * conversion (this is what the official timepart.xsl stylesheet does).
     */
    private static Document timewiseToPartwise(Document timewise, String name) {
        Element oldRoot = timewise.getDocumentElement();
        Document doc = secureBuilder().newDocument();
        Element root = doc.createElement("score-partwise");
        if (oldRoot.hasAttribute("version")) {
            root.setAttribute("version", oldRoot.getAttribute("version"));
        }
        doc.appendChild(root);
        Map<String, Element> parts = new LinkedHashMap<>();
        List<Element> measures = children(oldRoot, "measure");
        for (Element child : children(oldRoot, null)) {
            if (!child.getTagName().equals("measure")) {
                root.appendChild(doc.importNode(child, true)); // header: work, identification, part-list...
            }
        }
        if (measures.isEmpty()) {
            throw new ScoreException(name + ": MusicXML score (timewise) without any <measure>");
        }
        for (Element measure : measures) {
            for (Element cell : children(measure, "part")) {
                String id = cell.getAttribute("id");
                Element part = parts.computeIfAbsent(id, k -> {
                    Element p = doc.createElement("part");
                    p.setAttribute("id", k);
                    return p;
                });
                Element m = doc.createElement("measure");
                var attrs = measure.getAttributes();
                for (int i = 0; i < attrs.getLength(); i++) {
                    m.setAttribute(attrs.item(i).getNodeName(), attrs.item(i).getNodeValue());
                }
                for (Node n = cell.getFirstChild(); n != null; n = n.getNextSibling()) {
                    m.appendChild(doc.importNode(n, true));
                }
                part.appendChild(m);
            }
        }
        parts.values().forEach(root::appendChild);
        return doc;
    }

    /** Child elements of {@code parent} with the given tag (all child elements if {@code tag} is null). */
    static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (tag == null || e.getTagName().equals(tag))) {
                out.add(e);
            }
        }
        return out;
    }

    /** First child element with the given tag, or null. */
    static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    static List<Element> descendants(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        var list = parent.getElementsByTagName(tag);
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }
}
