/**
 * AWS SDK for JavaScript calls (v3 clients and commands, lib-storage Upload, v2 service objects and their methods)
 * found while the TypeScript parser walks a file. Produces SdkClient / ApiCall of the shared code model.
 */
import * as ts from 'typescript';
import { ApiCall, CodeObject, SdkClient } from '../../model/code';
import type { TsCodeParser } from '../cdk-ts/parse';
import { assignedName } from '../cdk-ts/parse';
import { operationName, sdkPackage, v2Service, v3ClientService } from '../cdk-ts/modules';

/** v2 namespace members that are not service clients. */
const V2_NOT_CLIENTS = /^(Config|Endpoint|HttpClient|Request|Response|Service|EventListeners|MetadataService|Token.*|.*Credentials.*|CredentialProviderChain|util|config)$/;

interface PendingCall {
  call: ApiCall;
  receiver?: string;
}

export class SdkCollector {
  private readonly byVariable = new Map<string, SdkClient>();
  private readonly pending: PendingCall[] = [];
  private readonly commandNodes = new Map<ts.Node, ApiCall>();
  private readonly seen = new Set<ts.Node>();
  private readonly clientByNode = new Map<ts.Node, SdkClient>();

  constructor(private readonly p: TsCodeParser, private readonly clients: SdkClient[], private readonly calls: ApiCall[]) {}

  private firstObject(args: ts.NodeArray<ts.Expression> | undefined): CodeObject | undefined {
    const a = args?.[0];
    if (!a) return undefined;
    const v = this.p.value(a);
    return v.kind === 'object' ? v : undefined;
  }

  private argsEnd(n: ts.CallExpression | ts.NewExpression): number {
    const close = n.getEnd() - 1;
    return this.p.text.charAt(close) === ')' ? close : n.getEnd();
  }

  private addClient(n: ts.NewExpression | ts.CallExpression, sdk: SdkClient['sdk'], service: string): SdkClient {
    const c: SdkClient = { sdk, service, variable: assignedName(n), config: this.firstObject(n.arguments), span: this.p.span(n) };
    this.clients.push(c);
    this.clientByNode.set(n, c);
    if (c.variable) this.byVariable.set(c.variable, c);
    return c;
  }

  onNew(n: ts.NewExpression): void {
    // Reached twice for `new AWS.S3().putObject(...)` (from the call and from the walk): the first visit counts.
    if (this.seen.has(n)) return;
    this.seen.add(n);
    const parts = this.p.dotted(n.expression);
    if (!parts) return;
    const r = this.p.resolveModuleRef(parts);
    if (!r) return;
    const pkg = sdkPackage(r.imp.module);
    if (!pkg) return;
    if (pkg.kind === 'v3-client') {
      const name = r.path[0];
      if (r.path.length !== 1 || !name) return;
      if (name.endsWith('Command')) {
        const call: ApiCall = {
          sdk: 'js-v3', service: pkg.service, operation: name.slice(0, -'Command'.length),
          params: this.firstObject(n.arguments), span: this.p.span(n), argsEnd: this.argsEnd(n),
        };
        // A command of the browser bundle names no service: it counts once sent through a known client.
        if (pkg.service) this.calls.push(call);
        this.commandNodes.set(n, call);
      } else if (v3ClientService(name) === pkg.service || v2Service(name) === pkg.service || name.endsWith('Client')) {
        this.addClient(n, 'js-v3', pkg.service || v3ClientService(name) || '');
      } else if (name === 'Upload') this.onUpload(n);
      return;
    }
    if (pkg.kind === 'lib-storage') {
      if (r.path.join('.') === 'Upload') this.onUpload(n);
      return;
    }

    // v2: `new AWS.S3({...})`, `new S3()` from 'aws-sdk/clients/s3', `new AWS.S3.ManagedUpload({params})`.
    const path = r.path;
    if (pkg.service && path.length === 0) {
      this.addClient(n, 'js-v2', pkg.service);
    } else if (path.length === 1 && /^[A-Z]/.test(path[0]) && !V2_NOT_CLIENTS.test(path[0])) {
      this.addClient(n, 'js-v2', pkg.service ?? v2Service(path[0]));
    } else if (path.length === 2 && path[1] === 'ManagedUpload') {
      const opts = this.firstObject(n.arguments);
      const params = opts?.entries.find((e) => e.key === 'params')?.value;
      this.calls.push({ sdk: 'js-v2', service: 's3', operation: 'PutObject', params: params?.kind === 'object' ? params : undefined, span: this.p.span(n), argsEnd: this.argsEnd(n) });
    }
  }

  /** `new Upload({ client, params })` of @aws-sdk/lib-storage: a PutObject (multipart) with `params`. */
  private onUpload(n: ts.NewExpression): void {
    const opts = this.firstObject(n.arguments);
    const params = opts?.entries.find((e) => e.key === 'params')?.value;
    const call: ApiCall = {
      sdk: 'js-v3', service: 's3', operation: 'PutObject', params: params?.kind === 'object' ? params : undefined,
      span: this.p.span(n), argsEnd: this.argsEnd(n),
    };
    this.calls.push(call);
    this.pending.push({ call, receiver: clientPropertyName(n.arguments?.[0]) });
  }

  onCall(n: ts.CallExpression): void {
    const callee = n.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const receiverParts = this.p.dotted(callee.expression);
    // `AWS.config.update({ sslEnabled: false })`: settings for every v2 client of the process.
    if (method === 'update' && receiverParts?.length === 2 && receiverParts[1] === 'config') {
      const r = this.p.resolveModuleRef(receiverParts);
      if (r && sdkPackage(r.imp.module)?.kind === 'v2') this.addClient(n, 'js-v2', '*');
      return;
    }
    if (method === 'send') {
      const arg = n.arguments[0];
      // The command's own node is visited after this call: link it in finish().
      if (arg && ts.isNewExpression(arg)) this.pendingCommandInits.push({ init: arg, receiver: receiverParts?.[receiverParts.length - 1] });
      else if (arg && ts.isIdentifier(arg)) {
        // `const cmd = new PutObjectCommand(...); client.send(cmd)`
        const init = this.p.initializerOf(arg);
        const c = init && ts.isNewExpression(init) ? this.commandNodes.get(init) : undefined;
        if (c) this.pending.push({ call: c, receiver: receiverParts?.[receiverParts.length - 1] });
        else if (init && ts.isNewExpression(init)) this.pendingCommandInits.push({ init, receiver: receiverParts?.[receiverParts.length - 1] });
      }
      return;
    }
    // v2 (and v3 aggregated) method calls: `s3.putObject({...})`, `new AWS.S3().upload(...)`.
    if (!/^[a-z][A-Za-z0-9]*$/.test(method) || !receiverParts) {
      if (ts.isNewExpression(callee.expression)) this.inlineClientCall(n, callee.expression, method);
      return;
    }
    const receiver = receiverParts[receiverParts.length - 1];
    if (receiverParts.length === 1 && this.p.bindings.has(receiver)) return; // a module function, not a client
    const call: ApiCall = {
      sdk: 'js-v2', service: '', operation: method === 'upload' ? 'PutObject' : operationName(method),
      params: this.firstObject(n.arguments), span: this.p.span(n), argsEnd: this.argsEnd(n),
    };
    this.pending.push({ call, receiver });
  }

  private pendingCommandInits: { init: ts.NewExpression; receiver?: string }[] = [];

  private inlineClientCall(n: ts.CallExpression, created: ts.NewExpression, method: string): void {
    this.onNew(created);
    const client = this.clientByNode.get(created);
    if (!client) return;
    this.calls.push({
      sdk: client.sdk, service: client.service, operation: method === 'upload' ? 'PutObject' : operationName(method),
      params: this.firstObject(n.arguments), client, span: this.p.span(n), argsEnd: this.argsEnd(n),
    });
  }

  /** Links calls to the clients they go through, once every client of the file is known. */
  finish(): void {
    for (const { init, receiver } of this.pendingCommandInits) {
      const c = this.commandNodes.get(init);
      if (c) this.pending.push({ call: c, receiver });
    }
    for (const { call, receiver } of this.pending) {
      const client = receiver ? this.byVariable.get(receiver) : undefined;
      if (call.service === '') {
        // A method call counts only when it goes through a known client of the file.
        if (!client || this.calls.includes(call)) continue;
        call.sdk = client.sdk;
        call.service = client.service;
        call.client = client;
        this.calls.push(call);
      } else if (client) call.client = client;
    }
    this.calls.sort((a, b) => a.span.start - b.span.start);
  }
}

/** The variable named by `client:` in `new Upload({ client: s3, params })`. */
function clientPropertyName(arg: ts.Expression | undefined): string | undefined {
  if (!arg || !ts.isObjectLiteralExpression(arg)) return undefined;
  for (const p of arg.properties) {
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === 'client') return 'client';
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'client') {
      const e = p.initializer;
      if (ts.isIdentifier(e)) return e.text;
      if (ts.isPropertyAccessExpression(e)) return e.name.text;
    }
  }
  return undefined;
}
