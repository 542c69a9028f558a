/**
 * Python → CodeDocument: imports of every CDK spelling, constructs and their keyword-argument props resolved through
 * constants and `**spreads`, boto3 clients and API calls with the client they go through, half-typed code, style,
 * and the Python renderer used by code fixes. Real tree-sitter (WebAssembly) and the real grammar throughout.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ApiCall, CodeDocument, CodeObject, CodeValue, ConstructCall } from '../server/src/model/code';
import { ensurePythonParser, isPythonParserReady, parsePython, pythonParserError } from '../server/src/parsers/cdk-py/parse';
import { locateWasm } from '../server/src/parsers/cdk-py/loader';
import { pyRenderer } from '../server/src/parsers/cdk-py/render';
import { operationName } from '../server/src/parsers/sdk-py/boto3';
import { CodeStyle } from '../server/src/model/code';

function parse(text: string, uri = 'app.py'): CodeDocument {
  const doc = parsePython({ uri, text });
  assert.ok(doc, 'the parser is loaded');
  return doc;
}

/** A value as plain data: objects by key, refs as dotted text, constructs as `new Module.Class`. */
function plain(v: CodeValue | undefined): unknown {
  if (!v) return undefined;
  switch (v.kind) {
    case 'object': return Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]));
    case 'array': return v.items.map(plain);
    case 'scalar': return v.value;
    case 'ref': return `${v.module ? `${v.module}:` : ''}${v.path.join('.')}`;
    case 'call': return { call: `${v.callee.module ? `${v.callee.module}:` : ''}${v.callee.path.join('.')}`, args: v.args.map(plain) };
    case 'new': return `new ${v.construct.module}.${v.construct.className}`;
    case 'unknown': return `?${v.text}`;
  }
}

function props(c: ConstructCall | undefined): unknown {
  return c?.props ? plain(c.props) : undefined;
}

function slice(doc: CodeDocument, span: { start: number; end: number }): string {
  return doc.file.text.slice(span.start, span.end);
}

const STACK_HEAD = 'class S(Stack):\n    def __init__(self, scope, id, **kwargs):\n        super().__init__(scope, id, **kwargs)\n';

describe('Python parser', () => {
  before(async function () {
    this.timeout(60_000);
    await ensurePythonParser();
    assert.ok(isPythonParserReady(), `Python parser failed to load: ${pythonParserError()}`);
  });

  describe('loading', () => {
    it('finds both wasm files from the compiled test build', () => {
      assert.ok(locateWasm('web-tree-sitter', 'tree-sitter.wasm'));
      assert.ok(locateWasm('tree-sitter-python', 'tree-sitter-python.wasm'));
    });

    it('prefers a wasm file placed beside the bundle (dist/)', () => {
      const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'wasm-'));
      fs.writeFileSync(path.join(dir, 'tree-sitter-python.wasm'), '');
      assert.strictEqual(locateWasm('tree-sitter-python', 'tree-sitter-python.wasm', dir), path.join(dir, 'tree-sitter-python.wasm'));
      fs.rmSync(dir, { recursive: true });
    });

    it('parses an empty file and a file with no AWS code', () => {
      assert.deepStrictEqual(parse('').constructs, []);
      const doc = parse('import os\nprint(os.getcwd())\n');
      assert.deepStrictEqual([doc.constructs.length, doc.clients.length, doc.apiCalls.length, doc.imports.length], [0, 0, 0, 0]);
    });
  });

  describe('CDK imports', () => {
    const cases: [string, string, string, string, string][] = [
      // import lines, call, expected module, library, qualifier
      ['import aws_cdk.aws_s3 as s3', 's3.Bucket', 'aws-s3', 'aws-cdk-lib', 's3'],
      ['from aws_cdk import aws_s3 as s3', 's3.Bucket', 'aws-s3', 'aws-cdk-lib', 's3'],
      ['from aws_cdk import aws_s3', 'aws_s3.Bucket', 'aws-s3', 'aws-cdk-lib', 'aws_s3'],
      ['from aws_cdk.aws_s3 import Bucket', 'Bucket', 'aws-s3', 'aws-cdk-lib', ''],
      ['from aws_cdk.aws_s3 import Bucket as B', 'B', 'aws-s3', 'aws-cdk-lib', ''],
      ['import aws_cdk as cdk', 'cdk.aws_s3.Bucket', 'aws-s3', 'aws-cdk-lib', 'cdk.aws_s3'],
      ['import aws_cdk.aws_s3', 'aws_cdk.aws_s3.Bucket', 'aws-s3', 'aws-cdk-lib', 'aws_cdk.aws_s3'],
      ['from aws_cdk import (\n    Stack,\n    aws_s3 as s3,\n)', 's3.Bucket', 'aws-s3', 'aws-cdk-lib', 's3'],
      ['import aws_cdk.aws_redshift_alpha as redshift', 'redshift.Cluster', 'aws-redshift', 'alpha', 'redshift'],
      ['from aws_cdk import aws_kinesisfirehose_alpha as firehose', 'firehose.DeliveryStream', 'aws-kinesisfirehose', 'alpha', 'firehose'],
      ['from aws_cdk import core, aws_s3 as s3', 's3.Bucket', 'aws-s3', 'cdk-v1', 's3'],
      ['from aws_cdk import core\nimport aws_cdk.aws_s3 as s3', 's3.Bucket', 'aws-s3', 'cdk-v1', 's3'],
      ['from aws_cdk.aws_s3 import *', 'Bucket', 'aws-s3', 'aws-cdk-lib', ''],
    ];
    for (const [imports, call, module, library, qualifier] of cases) {
      it(`${imports.replace(/\n\s*/g, ' ')} → ${call}(...)`, () => {
        const doc = parse(`${imports}\n${STACK_HEAD}        ${call}(self, "B", versioned=True)\n`);
        assert.strictEqual(doc.constructs.length, 1);
        const c = doc.constructs[0];
        assert.deepStrictEqual([c.module, c.library, c.className, c.qualifier, c.id], [module, library, call.split('.').pop() === 'B' ? 'Bucket' : call.split('.').pop(), qualifier, 'B']);
        assert.strictEqual(slice(doc, c.calleeSpan), call);
      });
    }

    it('lists CDK and boto3 imports as CodeImports (modules bound as namespaces, members as named imports)', () => {
      const doc = parse('import os\nimport boto3\nfrom botocore.config import Config\nimport aws_cdk as cdk\nfrom aws_cdk import aws_kms as kms, Duration\nfrom aws_cdk.aws_s3 import Bucket\n');
      assert.deepStrictEqual(doc.imports.map((i) => [i.module, i.local, i.imported ?? null, i.library ?? null]), [
        ['boto3', 'boto3', null, null],
        ['botocore.config', 'Config', 'Config', null],
        ['core', 'cdk', null, 'aws-cdk-lib'],
        ['aws-kms', 'kms', null, 'aws-cdk-lib'],
        ['core', 'Duration', 'Duration', 'aws-cdk-lib'],
        ['aws-s3', 'Bucket', 'Bucket', 'aws-cdk-lib'],
      ]);
    });

    it('does not take core classes, non-CDK classes or user classes for constructs', () => {
      const doc = parse(`from aws_cdk import App, Stack, CfnOutput, aws_s3 as s3\nfrom my_lib import Bucket\n${STACK_HEAD}        CfnOutput(self, "O", value="x")\n        Bucket(self, "Mine")\napp = App()\nS(app, "S")\n`);
      assert.deepStrictEqual(doc.constructs, []);
    });
  });

  describe('constructs and props', () => {
    it('reads keyword arguments as written (snake_case), with spans, enum refs and the variable', () => {
      const src = `from aws_cdk import aws_s3 as s3, aws_kms as kms\n${STACK_HEAD}        self.bucket = s3.Bucket(\n            self, "Data",\n            encryption=s3.BucketEncryption.KMS,\n            bucket_key_enabled=False,\n            enforce_ssl=True,\n        )\n`;
      const doc = parse(src);
      const c = doc.constructs[0];
      assert.strictEqual(c.variable, 'bucket');
      assert.deepStrictEqual(props(c), { encryption: 'aws-s3:BucketEncryption.KMS', bucket_key_enabled: false, enforce_ssl: true });
      assert.strictEqual(c.props!.kwargs, true);
      assert.ok(!c.props!.open);
      assert.strictEqual(slice(doc, c.props!.entries[0].keySpan), 'encryption');
      assert.strictEqual(slice(doc, c.props!.entries[0].value.span), 's3.BucketEncryption.KMS');
      assert.strictEqual(src[c.argsEnd], ')');
      // The kwargs object spans the argument list, so its last character is the closing parenthesis.
      assert.strictEqual(src[c.props!.span.end - 1], ')');
    });

    it('has no props for a call without keyword arguments, and argsEnd just before the parenthesis', () => {
      const src = `from aws_cdk import aws_s3 as s3\n${STACK_HEAD}        s3.Bucket(self, 'Plain')\n`;
      const doc = parse(src);
      const c = doc.constructs[0];
      assert.strictEqual(c.props, undefined);
      assert.strictEqual(src.slice(c.argsEnd - 7, c.argsEnd + 1), "'Plain')");
    });

    it('reads nested L1 XxxProperty(...) calls, dicts and lists as objects and arrays', () => {
      const src = `from aws_cdk import aws_s3 as s3\n${STACK_HEAD}        s3.CfnBucket(self, "L1",\n            bucket_encryption=s3.CfnBucket.BucketEncryptionProperty(\n                server_side_encryption_configuration=[s3.CfnBucket.ServerSideEncryptionRuleProperty(\n                    server_side_encryption_by_default={"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/x"},\n                    bucket_key_enabled=True)]))\n`;
      const c = parse(src).constructs[0];
      assert.strictEqual(c.className, 'CfnBucket');
      assert.deepStrictEqual(props(c), {
        bucket_encryption: { server_side_encryption_configuration: [{ server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: 'alias/x' }, bucket_key_enabled: true }] },
      });
      const be = c.props!.entries[0].value as CodeObject;
      assert.strictEqual(be.kind, 'object');
      assert.strictEqual(be.kwargs, true);
    });

    it('follows constants assigned once at module and function level, and **spreads of known dicts', () => {
      const src = `from aws_cdk import aws_s3 as s3\nENC = s3.BucketEncryption.S3_MANAGED\nBASE = {"versioned": True, "enforce_ssl": False}\n${STACK_HEAD}        extra = dict()\n        name = "logs"\n        s3.Bucket(self, name, encryption=ENC, **BASE, enforce_ssl=True)\n`;
      const c = parse(src).constructs[0];
      assert.strictEqual(c.id, 'logs');
      assert.deepStrictEqual(props(c), { encryption: 'aws-s3:BucketEncryption.S3_MANAGED', versioned: true, enforce_ssl: true });
      assert.ok(!c.props!.open);
    });

    it('reads dict(...) calls as dicts', () => {
      const src = `from aws_cdk import aws_s3 as s3\nBASE = dict(versioned=True, **{"enforce_ssl": True})\n${STACK_HEAD}        s3.Bucket(self, "B", **BASE)\n`;
      assert.deepStrictEqual(props(parse(src).constructs[0]), { versioned: true, enforce_ssl: true });
    });

    it('marks props open for a **spread it cannot read, and leaves reassigned names unresolved', () => {
      const src = `from aws_cdk import aws_s3 as s3\nenc = s3.BucketEncryption.KMS\nenc = s3.BucketEncryption.S3_MANAGED\n${STACK_HEAD}        s3.Bucket(self, "B", encryption=enc, **kwargs)\n`;
      const c = parse(src).constructs[0];
      assert.strictEqual(c.props!.open, true);
      assert.deepStrictEqual(props(c), { encryption: 'enc' });
    });

    it('does not let a function parameter be mistaken for a module constant of the same name', () => {
      const src = `from aws_cdk import aws_s3 as s3\nenc = s3.BucketEncryption.KMS\ndef make(scope, enc):\n    return s3.Bucket(scope, "B", encryption=enc)\n`;
      assert.deepStrictEqual(props(parse(src).constructs[0]), { encryption: 'enc' });
    });

    it('resolves a construct held in a variable or self attribute to the same ConstructCall', () => {
      const src = `from aws_cdk import aws_s3 as s3, aws_kms as kms\n${STACK_HEAD}        self.key = kms.Key(self, "K", enable_key_rotation=True)\n        key2 = kms.Key(self, "K2")\n        s3.Bucket(self, "A", encryption_key=self.key)\n        s3.Bucket(self, "B", encryption_key=key2, server_access_logs_bucket=other.bucket)\n`;
      const doc = parse(src);
      assert.deepStrictEqual(doc.constructs.map((c) => c.id), ['K', 'K2', 'A', 'B']);
      const a = doc.constructs[2].props!.entries[0].value;
      assert.ok(a.kind === 'new' && a.construct === doc.constructs[0]);
      const b = doc.constructs[3].props!.entries;
      assert.ok(b[0].value.kind === 'new' && b[0].value.construct === doc.constructs[1]);
      assert.deepStrictEqual(plain(b[1].value), 'other.bucket');
    });

    it('reads factory calls with keyword arguments and snake_case methods as written', () => {
      const src = `from aws_cdk import aws_rds as rds, aws_kinesisfirehose as firehose\n${STACK_HEAD}        rds.DatabaseInstance(self, "Db", engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_15))\n        firehose.DeliveryStream(self, "D", encryption=firehose.StreamEncryption.customer_managed_key())\n`;
      const [db, ds] = parse(src).constructs;
      assert.deepStrictEqual(props(db), { engine: { call: 'aws-rds:DatabaseInstanceEngine.postgres', args: [{ version: 'aws-rds:PostgresEngineVersion.VER_15' }] } });
      assert.deepStrictEqual(props(ds), { encryption: { call: 'aws-kinesisfirehose:StreamEncryption.customer_managed_key', args: [] } });
    });

    it('reads scope and id given as keywords', () => {
      const c = parse(`from aws_cdk import aws_kms as kms\n${STACK_HEAD}        kms.Key(scope=self, id="K", enable_key_rotation=False)\n`).constructs[0];
      assert.strictEqual(c.id, 'K');
      assert.deepStrictEqual(props(c), { enable_key_rotation: false });
    });

    it('decodes strings: escapes, raw strings, implicit concatenation; leaves f-strings with fields unknown', () => {
      const src = `from aws_cdk import aws_s3 as s3\n${STACK_HEAD}        s3.Bucket(self, "B", a='x\\ty', b=r'x\\ty', c="ab" 'cd', d=f"{name}-x", e=f"plain", g=-3, h=None, i=1_000)\n`;
      assert.deepStrictEqual(props(parse(src).constructs[0]), { a: 'x\ty', b: 'x\\ty', c: 'abcd', d: '?f"{name}-x"', e: 'plain', g: -3, h: null, i: 1000 });
    });

    it('keeps UTF-16 offsets after non-ASCII text', () => {
      const src = `# Ünïcödé 😀 comment\nfrom aws_cdk import aws_s3 as s3\n${STACK_HEAD}        s3.Bucket(self, "B😀", versioned=True)\n`;
      const doc = parse(src);
      const c = doc.constructs[0];
      assert.strictEqual(c.id, 'B😀');
      assert.strictEqual(slice(doc, c.calleeSpan), 's3.Bucket');
      assert.strictEqual(slice(doc, c.props!.entries[0].keySpan), 'versioned');
    });
  });

  describe('boto3', () => {
    it('finds clients in every spelling, with their configuration and variable', () => {
      const src = [
        'import boto3',
        'from boto3.session import Session',
        'import botocore.session',
        "a = boto3.client('s3', use_ssl=False)",
        "b = boto3.resource('s3', endpoint_url='http://localhost:4566')",
        "c = boto3.session.Session(profile_name='p').client('kinesis', verify=False)",
        'sess = Session()',
        "d = sess.client(service_name='rds')",
        "e = boto3.Session().resource('s3')",
        "f = botocore.session.get_session().create_client('firehose', use_ssl=False)",
        'class W:',
        '    def __init__(self):',
        "        self.athena = boto3.client('athena', region_name='us-east-1')",
      ].join('\n');
      const doc = parse(src);
      assert.deepStrictEqual(doc.clients.map((c) => [c.service, c.variable, c.config ? plain(c.config) : null]), [
        ['s3', 'a', { use_ssl: false }],
        ['s3', 'b', { endpoint_url: 'http://localhost:4566' }],
        ['kinesis', 'c', { verify: false }],
        ['rds', 'd', null],
        ['s3', 'e', null],
        ['firehose', 'f', { use_ssl: false }],
        ['athena', 'athena', { region_name: 'us-east-1' }],
      ]);
      assert.ok(doc.clients.every((c) => c.sdk === 'boto3'));
    });

    it('names operations as the API does and tracks the client each call goes through', () => {
      const src = [
        'import boto3',
        "rds = boto3.client('rds')",
        "rds.create_db_instance(DBInstanceIdentifier='db', StorageEncrypted=False)",
        "rds.create_db_cluster(DBClusterIdentifier='c', Engine='aurora-mysql')",
        "boto3.client('kinesis').create_stream(StreamName='s', ShardCount=1)",
        'class Q:',
        '    def __init__(self):',
        "        self.athena = boto3.client('athena')",
        '    def run(self, sql):',
        "        return self.athena.start_query_execution(QueryString=sql, ResultConfiguration={'OutputLocation': 's3://b/'})",
        "paginator = rds.get_paginator('describe_db_instances')",
      ].join('\n');
      const doc = parse(src);
      const calls = doc.apiCalls.map((c) => [c.service, c.operation, c.client?.variable ?? null]);
      assert.deepStrictEqual(calls, [
        ['rds', 'CreateDBInstance', 'rds'],
        ['rds', 'CreateDBCluster', 'rds'],
        ['kinesis', 'CreateStream', null],
        ['athena', 'StartQueryExecution', 'athena'],
      ]);
      assert.strictEqual(doc.apiCalls[2].client?.service, 'kinesis');
      assert.deepStrictEqual(plain(doc.apiCalls[0].params), { DBInstanceIdentifier: 'db', StorageEncrypted: false });
      assert.deepStrictEqual(plain(doc.apiCalls[3].params), { QueryString: 'sql', ResultConfiguration: { OutputLocation: 's3://b/' } });
      assert.strictEqual(doc.apiCalls[0].params!.kwargs, true);
    });

    it('spells irregular operation names as the API reference does', () => {
      assert.deepStrictEqual(
        ['create_db_instance', 'create_db_instance_read_replica', 'put_object', 'start_query_execution', 'create_hsm_configuration', 'run_job_flow', 'put_bucket_encryption'].map(operationName),
        ['CreateDBInstance', 'CreateDBInstanceReadReplica', 'PutObject', 'StartQueryExecution', 'CreateHsmConfiguration', 'RunJobFlow', 'PutBucketEncryption'],
      );
    });

    it('reads managed transfers: ExtraArgs by keyword or position is the params object', () => {
      const src = [
        'import boto3',
        "s3 = boto3.client('s3')",
        "s3.upload_file('f', 'b', 'k', ExtraArgs={'SSECustomerKey': key, 'SSECustomerAlgorithm': 'AES256'})",
        "s3.upload_fileobj(fh, 'b', 'k', {'ServerSideEncryption': 'aws:kms'})",
        "s3.upload_file('f', 'b', 'k')",
        "s3.upload_file('f', 'b', 'k', ExtraArgs=args)",
      ].join('\n');
      const doc = parse(src);
      assert.deepStrictEqual(doc.apiCalls.map((c) => [c.operation, c.paramsKeyword, c.params ? plain(c.params) : null, c.params?.open ?? false]), [
        ['PutObject', 'ExtraArgs', { SSECustomerKey: 'key', SSECustomerAlgorithm: 'AES256' }, false],
        ['PutObject', 'ExtraArgs', { ServerSideEncryption: 'aws:kms' }, false],
        ['PutObject', 'ExtraArgs', null, false],
        ['PutObject', 'ExtraArgs', {}, true],
      ]);
      assert.strictEqual(src[doc.apiCalls[2].argsEnd], ')');
    });

    it('reads S3 resource objects: Object.put, Bucket.put_object, Bucket.upload_file, meta.client', () => {
      const src = [
        'import boto3',
        "s3 = boto3.resource('s3', use_ssl=False)",
        "bucket = s3.Bucket('b')",
        "bucket.put_object(Key='k', Body=b'x', ServerSideEncryption='AES256')",
        "s3.Object('b', 'k').put(Body=b'', SSECustomerKey=k)",
        "bucket.upload_file('f', 'k', ExtraArgs={'ServerSideEncryption': 'aws:kms'})",
        "s3.meta.client.put_bucket_encryption(Bucket='b', ServerSideEncryptionConfiguration={})",
        "s3.create_bucket(Bucket='b')",
        "bucket.objects.all()",
      ].join('\n');
      const doc = parse(src);
      assert.deepStrictEqual(doc.apiCalls.map((c) => [c.operation, c.client === doc.clients[0], Object.keys(plain(c.params) as object)]), [
        ['PutObject', true, ['Key', 'Body', 'ServerSideEncryption']],
        ['PutObject', true, ['Body', 'SSECustomerKey']],
        ['PutObject', true, ['ServerSideEncryption']],
        ['PutBucketEncryption', true, ['Bucket', 'ServerSideEncryptionConfiguration']],
        ['CreateBucket', true, ['Bucket']],
      ]);
    });

    it('accepts a call on an unknown receiver only when its name or its parameters say which service it is', () => {
      const src = [
        'import boto3',
        'import emr_basics',
        'def f(s3_client, client, ivs_client, thing):',
        "    s3_client.put_object(Bucket='b', Key='k')",
        "    client.create_db_instance(DBInstanceIdentifier='d', DBInstanceClass='db.t3.micro', Engine='mysql')",
        "    client.create_stream(StreamName='s', ShardCount=2)",
        "    ivs_client.create_stream(StreamName='s')",
        "    thing.create_stream(StreamName='s')",
        "    thing.put_object(data)",
        "    emr_basics.run_job_flow('name', 'uri')",
        "    self.rds_client.create_db_cluster(DBClusterIdentifier='c', Engine='aurora-postgresql', StorageEncrypted=True)",
        "    thing.create_cluster(clusterName='ecs')",
      ].join('\n');
      const doc = parse(src);
      assert.deepStrictEqual(doc.apiCalls.map((c) => [c.service, c.operation, c.client ?? null]), [
        ['s3', 'PutObject', null],
        ['rds', 'CreateDBInstance', null],
        ['kinesis', 'CreateStream', null],
        ['rds', 'CreateDBCluster', null],
      ]);
    });

    it('marks params open when **kwargs cannot be read', () => {
      const doc = parse("import boto3\ns3 = boto3.client('s3')\ns3.put_object(Bucket='b', **params)\n");
      assert.strictEqual(doc.apiCalls[0].params!.open, true);
    });
  });

  describe('half-typed code', () => {
    it('never reports a half-typed construct as missing props, and keeps parseErrors empty', () => {
      const src = `from aws_cdk import aws_s3 as s3\n${STACK_HEAD}        s3.Bucket(self, "B",\n`;
      const doc = parse(src);
      assert.deepStrictEqual(doc.parseErrors, []);
      assert.ok(doc.recoveredErrors && doc.recoveredErrors.length > 0);
      for (const c of doc.constructs) assert.ok(c.props?.open, 'half-typed call has open props');
    });

    it('still reads the complete statements around a broken line', () => {
      const src = `from aws_cdk import aws_s3 as s3\n${STACK_HEAD}        s3.Bucket(self, "A", versioned=True)\n        x = s3.Bucket(self, "X", encryption=)\n        s3.Bucket(self, "C", enforce_ssl=True)\n`;
      const doc = parse(src);
      assert.deepStrictEqual(doc.constructs.map((c) => [c.id, props(c), c.props?.open ?? false]), [['A', { versioned: true }, false], ['X', {}, true], ['C', { enforce_ssl: true }, false]]);
    });

    it('survives every prefix of a real CDK file and of a boto3 file (no throw, no hang)', function () {
      this.timeout(120_000);
      const cdk = `from aws_cdk import aws_s3 as s3, aws_kms as kms\nBASE = {"versioned": True}\n${STACK_HEAD}        key = kms.Key(self, "K", enable_key_rotation=True)\n        s3.Bucket(self, "B", encryption=s3.BucketEncryption.KMS, encryption_key=key, **BASE)\n        s3.CfnBucket(self, "L", bucket_encryption=s3.CfnBucket.BucketEncryptionProperty(server_side_encryption_configuration=[]))\n`;
      const sdk = "import boto3\ns3 = boto3.client('s3', use_ssl=False)\ns3.put_object(Bucket='b', Key='k', SSECustomerKey=k, **extra)\ns3.upload_file('f', 'b', 'k', ExtraArgs={'ServerSideEncryption': 'aws:kms'})\n";
      for (const text of [cdk, sdk]) {
        for (let i = 0; i <= text.length; i++) parse(text.slice(0, i));
      }
    });

    it('survives deeply nested and pathological input', function () {
      this.timeout(60_000);
      parse(`x = ${'['.repeat(2000)}${']'.repeat(2000)}\n`);
      parse(`import boto3\nc = boto3.client('s3')\nc.put_object(Bucket=${'('.repeat(500)}`);
      parse('a = b\nb = a\nfrom aws_cdk import aws_s3 as s3\ns3.Bucket(self, "B", encryption=a)\n');
      parse('\u0000\ufeff\r\n\tdef (:\n');
    });
  });

  describe('rule fixtures', () => {
    it('every Python fixture and every fixed Python fixture parses without syntax errors', () => {
      const root = path.join(__dirname, '..', '..', 'test', 'fixtures', 'rules');
      const files = fs.readdirSync(root).flatMap((d) => fs.readdirSync(path.join(root, d)).filter((f) => f.endsWith('.py')).map((f) => path.join(root, d, f)));
      assert.ok(files.length > 0);
      for (const f of files) assert.deepStrictEqual(parse(fs.readFileSync(f, 'utf8'), f).recoveredErrors, undefined, f);
    });
  });

  describe('style and import position', () => {
    it('detects quotes, indentation and line endings', () => {
      assert.deepStrictEqual(parse("x = 'a'\ny = 'b'\nz = \"c\"\nif x:\n  pass\n").style, { quote: "'", semicolons: false, indent: { size: 2, tabs: false }, eol: '\n' });
      assert.deepStrictEqual(parse('"""Doc."""\r\nx = "a"\r\nclass A:\r\n\tpass\r\n').style, { quote: '"', semicolons: false, indent: { size: 1, tabs: true }, eol: '\r\n' });
    });

    it('puts new imports after the leading import block, or after the docstring', () => {
      const a = '"""Doc."""\nimport os\nfrom aws_cdk import aws_s3 as s3\n\nX = 1\nimport late\n';
      assert.strictEqual(a.slice(0, parse(a).importInsertAt), '"""Doc."""\nimport os\nfrom aws_cdk import aws_s3 as s3');
      const b = '"""Doc."""\n\nX = 1\n';
      assert.strictEqual(parse(b).importInsertAt, '"""Doc."""'.length);
      assert.strictEqual(parse('X = 1\n').importInsertAt, 0);
    });
  });

  describe('renderer', () => {
    const style: CodeStyle = { quote: '"', semicolons: false, indent: { size: 4, tabs: false }, eol: '\n' };
    it('spells CDK keys in snake_case and API keys unchanged', () => {
      assert.deepStrictEqual(['enforceSSL', 'minimumTLSVersion', 'bucketKeyEnabled', 'awskmsKeyArn'].map((k) => pyRenderer.key(k, 'cdk')), ['enforce_ssl', 'minimum_tls_version', 'bucket_key_enabled', 'awskms_key_arn']);
      assert.strictEqual(pyRenderer.key('ServerSideEncryption', 'api'), 'ServerSideEncryption');
      assert.deepStrictEqual(['rds.force_ssl', 'require_secure_transport'].map((k) => pyRenderer.key(k, 'cdk')), ['rds.force_ssl', 'require_secure_transport']);
    });

    it('keeps camelCase keys in dicts, which jsii hands to the L1 property verbatim', () => {
      const dict = { kind: 'object' as const, entries: [{ key: 'serverSideEncryptionByDefault', value: { kind: 'object' as const, entries: [{ key: 'sseAlgorithm', value: { kind: 'string' as const, value: 'AES256' } }] } }] };
      assert.strictEqual(pyRenderer.value(dict, '', style, 'cdk'), '{"serverSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}');
    });

    it('renders keyword arguments, dict entries and Python literals', () => {
      assert.strictEqual(pyRenderer.entry('enforce_ssl', 'True', 'kwargs', style), 'enforce_ssl=True');
      assert.strictEqual(pyRenderer.entry('SSEAlgorithm', '"AES256"', 'object', { ...style, quote: "'" }), "'SSEAlgorithm': \"AES256\"");
      const v = pyRenderer.value({ kind: 'object', entries: [{ key: 'a', value: { kind: 'boolean', value: false } }, { key: 'b', value: { kind: 'null' } }, { key: 'c', value: { kind: 'string', value: 'it"s' } }] }, '', style, 'api');
      assert.strictEqual(v, '{"a": False, "b": None, "c": "it\\"s"}');
    });

    it('renders constructs with self, members and snake_case factory calls', () => {
      assert.strictEqual(
        pyRenderer.value({ kind: 'construct', qualifier: 'kms', className: 'Key', id: 'Key', props: [{ key: 'enableKeyRotation', value: { kind: 'boolean', value: true } }] }, '        ', style, 'cdk'),
        'kms.Key(self, "Key", enable_key_rotation=True)',
      );
      assert.strictEqual(pyRenderer.value({ kind: 'member', qualifier: 's3', path: ['BucketEncryption', 'S3_MANAGED'] }, '', style, 'cdk'), 's3.BucketEncryption.S3_MANAGED');
      assert.strictEqual(pyRenderer.value({ kind: 'call', qualifier: 'firehose', path: ['StreamEncryption', 'awsOwnedKey'], args: [] }, '', style, 'cdk'), 'firehose.StreamEncryption.aws_owned_key()');
    });

    it('writes imports the way Python CDK apps do, avoiding keywords for aliases', () => {
      assert.strictEqual(pyRenderer.importStatement('aws-kms', 'kms', 'aws-cdk-lib', style), 'from aws_cdk import aws_kms as kms');
      assert.strictEqual(pyRenderer.importStatement('aws-redshift', 'redshift', 'alpha', style), 'from aws_cdk import aws_redshift_alpha as redshift');
      assert.strictEqual(pyRenderer.moduleAlias('aws-lambda'), 'lambda_');
      assert.strictEqual(pyRenderer.moduleAlias('aws-kinesisfirehose'), 'firehose');
    });

    it('renders every construct it reads back into code that parses to the same props', () => {
      const expr = { kind: 'construct' as const, qualifier: 's3', className: 'Bucket', id: 'B', props: [
        { key: 'encryption', value: { kind: 'member' as const, qualifier: 's3', path: ['BucketEncryption', 'KMS'] } },
        { key: 'enforceSSL', value: { kind: 'boolean' as const, value: true } },
        { key: 'lifecycleRules', value: { kind: 'array' as const, items: [{ kind: 'object' as const, entries: [{ key: 'expiration', value: { kind: 'number' as const, value: 30 } }] }] } },
      ] };
      const code = `from aws_cdk import aws_s3 as s3\n${STACK_HEAD}        b = ${pyRenderer.value(expr, '        ', style, 'cdk')}\n`;
      const doc = parse(code);
      assert.strictEqual(doc.recoveredErrors, undefined, code);
      assert.deepStrictEqual(props(doc.constructs[0]), { encryption: 'aws-s3:BucketEncryption.KMS', enforce_ssl: true, lifecycle_rules: [{ expiration: 30 }] });
    });
  });
});

export type { ApiCall };
