/**
 * What every adapter that drives host programs and files needs the same way: running a command with a timeout
 * that really fires ({@link dev.nestbox.adapters.os.ProcessRunner}) and replacing a file in one step
 * ({@link dev.nestbox.adapters.os.AtomicFiles}). Plain JDK, no port of the application: adapters use it, the
 * application never sees it.
 */
package dev.nestbox.adapters.os;
