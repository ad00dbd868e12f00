/**
 * Writers of audio and MIDI test files (JDK only, so that other modules' tests can reuse them).
 */
package org.leggio.ingest.source.testutil;
