// A browser without a page: Kratos's cookies in a jar, requests in Kratos's JSON mode (as kratos-ui's
// server functions make them) or as an HTML form post (as kratos-ui's forms make them), redirects
// shown rather than followed. Used by the fixture recorder and the emulator conformance test.

/** One answer, with what was asked. */
export interface Answer {
  method: string;
  url: string;
  status: number;
  location: string | null;
  setCookies: string[];
  /** Every header, names in lower case. */
  headers: Record<string, string>;
  text: string;
  json: any;
}

/** A flow as far as this client needs it. */
export interface FlowLike {
  id: string;
  ui: { action: string; nodes: { group: string; attributes: Record<string, any> }[] };
}

export class KratosBrowser {
  readonly cookies = new Map<string, string>();

  /** `publicUrl`: Kratos's public base URL, without a trailing slash. */
  constructor(readonly publicUrl: string) {}

  async request(
    method: string,
    url: string,
    opts: { json?: unknown; form?: Record<string, string>; html?: boolean } = {},
  ): Promise<Answer> {
    const full = url.startsWith('http') ? url : `${this.publicUrl}${url}`;
    const headers: Record<string, string> = {
      Accept: opts.html ? 'text/html,application/xhtml+xml,*/*;q=0.8' : 'application/json',
    };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    }
    const res = await fetch(full, { method, headers, body, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
      const expired = attrs.some((a) => /^\s*(max-age=(0|-\d+)|expires=thu, 01 jan 1970)/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const all = Object.fromEntries(res.headers.entries());
    return { method, url: full, status: res.status, location: res.headers.get('location'), setCookies, headers: all, text, json };
  }

  get(url: string, html = false): Promise<Answer> {
    return this.request('GET', url, { html });
  }

  /** Submits a flow's form in JSON mode, CSRF token included. */
  submit(flow: FlowLike, fields: Record<string, unknown>): Promise<Answer> {
    return this.request('POST', flow.ui.action, { json: { csrf_token: csrfOf(flow), ...fields } });
  }

  /** Submits a flow's form as an HTML form post would, CSRF token included. */
  post(flow: FlowLike, fields: Record<string, string>): Promise<Answer> {
    return this.request('POST', flow.ui.action, { form: { csrf_token: csrfOf(flow), ...fields }, html: true });
  }
}

export function csrfOf(flow: FlowLike): string {
  return flow.ui.nodes.find((n) => n.attributes.name === 'csrf_token')?.attributes.value ?? '';
}

/** The node whose input name or text/image id is `name`. */
export function nodeNamed(flow: FlowLike, name: string) {
  return flow.ui.nodes.find((n) => n.attributes.name === name || n.attributes.id === name);
}

/** Throws with what Kratos said unless it answered `status`; returns the JSON body. */
export function expectAnswer(res: Answer, status: number, what: string): any {
  if (res.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${res.status} from ${res.method} ${res.url}\n${res.text.slice(0, 2000)}`);
  }
  return res.json;
}
