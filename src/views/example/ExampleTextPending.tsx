// What stands in for an example's text while it loads from storage, or says why it could not be read.
export function ExampleTextPending({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="rir-error">
      The text of this example could not be read: {error}
    </p>
  ) : (
    <p className="rir-muted" role="status">
      Loading the text of this example…
    </p>
  );
}
