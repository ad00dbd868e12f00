package org.leggio.score.internal.musicxml;

/**
 * A part ({@code <score-part>} / {@code <part>}).
 *
 * @param id the part's {@code id} attribute ({@code P1})
 * @param name its {@code <part-name>}, "" when absent
 * @param staves the largest {@code <staves>} count it declares (1 when it declares none)
 */
public record MusicXmlPart(String id, String name, int staves) {}
