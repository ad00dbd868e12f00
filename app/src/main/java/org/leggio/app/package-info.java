/**
 * The {@code leggio} command line (picocli). Each subcommand only parses options and wires the
 * public API of a module; the logic lives in the modules. Errors reach the user as one line
 * {@code leggio: error: ...} and exit code 1 ({@link org.leggio.app.Leggio#EXIT_FAILURE}); usage
 * errors exit with 2.
 */
package org.leggio.app;
