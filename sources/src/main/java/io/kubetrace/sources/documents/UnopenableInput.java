package io.kubetrace.sources.documents;

import io.kubetrace.model.Rejection;

/** Stands for an input that could not be opened: it gives its one rejection, then ends. */
final class UnopenableInput implements DocumentReader {

    private Rejection rejection;

    UnopenableInput(Rejection rejection) {
        this.rejection = rejection;
    }

    @Override
    public Document next() {
        Rejection told = rejection;
        rejection = null;
        return told == null ? null : Document.rejected(told);
    }

    @Override
    public void close() {}
}
