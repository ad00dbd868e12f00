/**
 * Following and identification, pure Java (DESIGN §6). {@code follow}: a piece's snippet track and the
 * incremental online-DTW follower; {@code identify}: nearest-snippet search over a library and piece
 * identification; {@code session}: one listening session tying them together (re-localisation, page turns).
 */
package org.leggio.matcher;
