import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadDuckDB } from '../../src/rules/data-contract/duckdb-loader.js';
import { GitFixture } from './git-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const PENGUINS_CSV = path.join(ROOT, 'fixtures/data/penguins.csv');
export const CONTRACTS = path.join(ROOT, 'fixtures/data-contract');

/**
 * A repository like an ML project's: `main` holds the penguins data as CSV, Parquet and JSONL
 * (copies made with DuckDB) and the contracts; branch `pr` breaks the data the way pull
 * requests do: a retyped column (body mass written as "3.75kg"), nulls in a required column
 * (species), an out-of-range value (bill length 390) and a shifted distribution (bill depth +3).
 */
export interface PenguinsRepo {
  fixture: GitFixture;
  main: string;
  pr: string;
}

const BROKEN = `SELECT id,
  CASE WHEN id IN (5, 50, 150) THEN NULL ELSE species END AS species,
  island,
  CASE WHEN id = 20 THEN 390.0 ELSE bill_length_mm END AS bill_length_mm,
  bill_depth_mm + 3 AS bill_depth_mm,
  flipper_length_mm,
  CAST(round(body_mass_g / 1000.0, 3) AS VARCHAR) || 'kg' AS body_mass_g,
  sex`;

export async function buildPenguinsRepo(): Promise<PenguinsRepo> {
  const fixture = GitFixture.init();
  const data = path.join(fixture.dir, 'data');
  const contracts = path.join(fixture.dir, 'contracts');
  mkdirSync(data, { recursive: true });
  mkdirSync(contracts, { recursive: true });
  copyFileSync(PENGUINS_CSV, path.join(data, 'penguins.csv'));
  for (const name of ['penguins.odcs.yaml', 'penguins.dcs.yaml', 'penguins.frictionless.json', 'penguins.schema.json']) {
    copyFileSync(path.join(CONTRACTS, name), path.join(contracts, name));
  }
  const duckdb = await loadDuckDB();
  const instance = await duckdb.DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  // The CSV marks NA as an empty cell, and once (penguin 337's sex) as ".": the binary copies
  // are written as an R or pandas export would, with both as real nulls.
  const csv = `read_csv('${path.join(data, 'penguins.csv')}', nullstr = ['', '.'])`;
  const write = async (select: string, file: string, format: string): Promise<void> => {
    await connection.run(`COPY (${select} FROM ${csv} ORDER BY id) TO '${path.join(data, file)}' (FORMAT ${format})`);
  };
  await write('SELECT *', 'penguins.parquet', 'parquet');
  await write('SELECT *', 'penguins.jsonl', 'json');
  const main = fixture.commit('penguins data and contracts');
  fixture.checkout('pr', true);
  // Read from the committed original while the broken copies are written.
  await connection.run(`CREATE TABLE original AS SELECT * FROM ${csv}`);
  const writeBroken = async (file: string, format: string): Promise<void> => {
    await connection.run(`COPY (${BROKEN} FROM original ORDER BY id) TO '${path.join(data, file)}' (FORMAT ${format})`);
  };
  await writeBroken('penguins.csv', 'csv');
  await writeBroken('penguins.parquet', 'parquet');
  await writeBroken('penguins.jsonl', 'json');
  connection.closeSync();
  instance.closeSync();
  const pr = fixture.commit('pr: new penguins export');
  fixture.checkout('main');
  return { fixture, main, pr };
}
