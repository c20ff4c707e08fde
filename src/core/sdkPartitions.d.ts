// The part of the SDK's partition data (tsconfig.json "#sdk-partitions") that src/core/partitions.ts reads.
declare module '#sdk-partitions' {
  export const partitionsInfo: {
    readonly partitions: readonly {
      readonly id: string;
      readonly regionRegex: string;
      readonly outputs: { readonly dnsSuffix: string };
      readonly regions: Readonly<Record<string, unknown>>;
    }[];
  };
}
