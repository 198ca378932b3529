/** Data files imported as text (`import csv from '…/x.csv?raw'`): see functions/src/contexts/hierarchy/regions. */
declare module '*.csv?raw' {
  const text: string;
  export default text;
}
