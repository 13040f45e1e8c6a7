/**
 * The workspace stand-in's files: files.getUploadURLExternal reserves an ID and an upload URL,
 * the client POSTs the bytes there, files.completeUploadExternal makes the file real. The page
 * shows an uploaded image (a message's file, or an image block's `slack_file: { id }`) from /files/<id>.
 */
import type { LocalAnswer } from './local-http.js';

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  alt: string;
  bytes: Buffer | null;
  complete: boolean;
}

const TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif' };

export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  private seq = 0;

  constructor(private readonly port: () => number) {}

  reserve(name: string, alt: string): { file_id: string; upload_url: string } {
    const id = `F${Date.now().toString(36).toUpperCase()}${++this.seq}`;
    this.files.set(id, { id, name, title: name, alt, bytes: null, complete: false });
    return { file_id: id, upload_url: `http://127.0.0.1:${this.port()}/upload/${id}` };
  }

  receive(id: string, bytes: Buffer): LocalAnswer {
    const file = this.files.get(decodeURIComponent(id));
    if (!file) return { status: 404, body: 'no such upload' };
    file.bytes = bytes;
    return { body: 'OK - 200', headers: { 'content-type': 'text/plain' } };
  }

  /** completeUploadExternal's part: null for an ID never reserved or never uploaded. */
  complete(id: string, title: string | undefined): StoredFile | null {
    const file = this.files.get(id);
    if (!file?.bytes) return null;
    file.complete = true;
    if (title) file.title = title;
    return file;
  }

  serve(id: string): LocalAnswer {
    const file = this.files.get(decodeURIComponent(id));
    if (!file?.complete || !file.bytes) return { status: 404, body: 'no such file' };
    const type = TYPES[file.name.split('.').at(-1)?.toLowerCase() ?? ''] ?? 'application/octet-stream';
    return { body: file.bytes, headers: { 'content-type': type } };
  }

  /** The page's image URLs of the completed files, by ID. */
  urls(): Record<string, string> {
    const urls: Record<string, string> = {};
    for (const file of this.files.values()) {
      if (file.complete) urls[file.id] = `http://127.0.0.1:${this.port()}/files/${file.id}`;
    }
    return urls;
  }

  /** For the saved conversation: completed files only, bytes as base64. */
  save(): { id: string; name: string; title: string; alt: string; base64: string }[] {
    return [...this.files.values()]
      .filter((f) => f.complete && f.bytes)
      .map((f) => ({ id: f.id, name: f.name, title: f.title, alt: f.alt, base64: f.bytes?.toString('base64') ?? '' }));
  }

  load(saved: { id: string; name: string; title: string; alt: string; base64: string }[]): void {
    for (const f of saved) {
      const bytes = Buffer.from(f.base64, 'base64');
      this.files.set(f.id, { id: f.id, name: f.name, title: f.title, alt: f.alt, bytes, complete: true });
    }
  }

  clear(): void {
    this.files.clear();
  }
}
