package io.ledgergossip.cli;

import io.ledgergossip.fixture.network.ConfigException;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.ledger.LedgerFormatException;
import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** One line for an error that ended a command: what went wrong and where, never a stack trace. */
final class UserErrors {
    private UserErrors() {}

    static String describe(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + ": already exists";
        }
        if (e instanceof NotDirectoryException f) {
            return f.getFile() + ": not a directory";
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        }
        if (e instanceof BindException) {
            return e.getMessage() != null && e.getMessage().startsWith("cannot listen") ? e.getMessage() : "cannot listen: " + e.getMessage();
        }
        if (e instanceof ConfigException || e instanceof StoreException || e instanceof IdentityException
                || e instanceof LedgerFormatException || e instanceof BlockRejectedException || e instanceof IllegalArgumentException
                || e instanceof IOException) {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return "internal error: " + e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "")
                + " (run again with --debug for the stack trace, and report it)";
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException || t instanceof UncheckedIOException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
