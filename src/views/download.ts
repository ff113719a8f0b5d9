// Saving a file made in the page: a Blob, an object URL and a click on an <a download>. Nothing is
// sent anywhere; the URL is revoked once the browser has had time to start the download.

/** Starts the download of `parts` as the file `name`. */
export function downloadFile(parts: BlobPart[], name: string, type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel a download Chromium has not begun reading yet.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
