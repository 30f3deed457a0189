/**
 * The administrators' JavaFX console. It knows the application only through its inbound ports (and the
 * {@code DependencyFailure} family those ports may throw) plus domain types; the composition root hands it the
 * use cases. {@link dev.nestbox.console.AdminConsole} is the one public entry.
 */
package dev.nestbox.console;
