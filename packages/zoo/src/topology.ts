/**
 * Builds a Keras/TF.js layers topology as JSON (the `modelTopology` of a layers-model model.json).
 * One description serves both paths: tfjs deserializes it into a real model with seeded weights, and
 * @podium/graph inspects it (params, MACs, activations) without allocating a single weight.
 */
export interface LayerJson {
  class_name: string;
  name: string;
  config: Record<string, unknown>;
  inbound_nodes: [string, number, number, Record<string, never>][][];
}

export interface Topology {
  class_name: "Model";
  config: { name: string; layers: LayerJson[]; input_layers: [string, number, number][]; output_layers: [string, number, number][] };
  keras_version: string;
  backend: string;
}

/** A symbolic tensor: the name of the layer whose (single) output it is. */
export type Ref = string;

type Initializer = { class_name: string; config: Record<string, unknown> };

export class TopologyBuilder {
  private readonly layers: LayerJson[] = [];
  private readonly counts = new Map<string, number>();
  private readonly inputs: Ref[] = [];
  private nextSeed: number;

  constructor(private readonly modelName: string, seed: number) {
    this.nextSeed = seed;
  }

  /** Every weighted layer gets its own seed, derived from the model seed by layer order: same seed, same weights. */
  private seeded(className: string, config: Record<string, unknown>): Initializer {
    return { class_name: className, config: { ...config, seed: this.nextSeed++ } };
  }

  private uniqueName(prefix: string): string {
    const n = (this.counts.get(prefix) ?? 0) + 1;
    this.counts.set(prefix, n);
    return `${prefix}_${n}`;
  }

  input(shape: number[]): Ref {
    const name = this.uniqueName("input");
    this.layers.push({ class_name: "InputLayer", name, config: { batch_input_shape: [null, ...shape], dtype: "float32", sparse: false, name }, inbound_nodes: [] });
    this.inputs.push(name);
    return name;
  }

  layer(className: string, config: Record<string, unknown>, inputs: Ref | Ref[], prefix?: string): Ref {
    const name = this.uniqueName(prefix ?? className.toLowerCase());
    const refs = Array.isArray(inputs) ? inputs : [inputs];
    this.layers.push({ class_name: className, name, config: { name, trainable: true, ...config }, inbound_nodes: [refs.map((r) => [r, 0, 0, {}])] });
    return name;
  }

  conv(x: Ref, filters: number, kernel: number, options: { strides?: number; padding?: "same" | "valid"; useBias?: boolean; activation?: string; prefix?: string } = {}): Ref {
    return this.layer("Conv2D", {
      filters, kernel_size: [kernel, kernel], strides: [options.strides ?? 1, options.strides ?? 1], padding: options.padding ?? "same",
      data_format: "channels_last", dilation_rate: [1, 1], activation: options.activation ?? "linear", use_bias: options.useBias ?? true,
      kernel_initializer: this.seeded("VarianceScaling", { scale: 2, mode: "fan_out", distribution: "normal" }),
      bias_initializer: { class_name: "Zeros", config: {} },
    }, x, options.prefix ?? "conv");
  }

  depthwiseConv(x: Ref, kernel: number, strides: number): Ref {
    return this.layer("DepthwiseConv2D", {
      kernel_size: [kernel, kernel], strides: [strides, strides], padding: "same", depth_multiplier: 1, data_format: "channels_last",
      dilation_rate: [1, 1], activation: "linear", use_bias: false,
      depthwise_initializer: this.seeded("VarianceScaling", { scale: 2, mode: "fan_out", distribution: "normal" }),
    }, x, "dwconv");
  }

  dense(x: Ref, units: number, activation = "linear"): Ref {
    return this.layer("Dense", {
      units, activation, use_bias: true,
      kernel_initializer: this.seeded("VarianceScaling", { scale: 1, mode: "fan_avg", distribution: "uniform" }),
      bias_initializer: { class_name: "Zeros", config: {} },
    }, x, "dense");
  }

  /** torchvision's BatchNorm2d: affine, running stats (buffers, non-trainable); torch momentum 0.1 = Keras momentum 0.9. */
  batchNorm(x: Ref, epsilon = 1e-5): Ref {
    return this.layer("BatchNormalization", {
      axis: -1, momentum: 0.9, epsilon, center: true, scale: true,
      gamma_initializer: { class_name: "Ones", config: {} }, beta_initializer: { class_name: "Zeros", config: {} },
      moving_mean_initializer: { class_name: "Zeros", config: {} }, moving_variance_initializer: { class_name: "Ones", config: {} },
    }, x, "bn");
  }

  activation(x: Ref, activation: string): Ref {
    return this.layer("Activation", { activation }, x, activation);
  }

  maxPool(x: Ref, pool: number, strides: number, padding: "same" | "valid" = "valid"): Ref {
    return this.layer("MaxPooling2D", { pool_size: [pool, pool], strides: [strides, strides], padding, data_format: "channels_last" }, x, "maxpool");
  }

  avgPool(x: Ref, pool: number, strides: number): Ref {
    return this.layer("AveragePooling2D", { pool_size: [pool, pool], strides: [strides, strides], padding: "valid", data_format: "channels_last" }, x, "avgpool");
  }

  globalAvgPool(x: Ref): Ref {
    return this.layer("GlobalAveragePooling2D", { data_format: "channels_last" }, x, "gap");
  }

  zeroPad(x: Ref, pad: number): Ref {
    return this.layer("ZeroPadding2D", { padding: [[pad, pad], [pad, pad]], data_format: "channels_last" }, x, "pad");
  }

  flatten(x: Ref): Ref {
    return this.layer("Flatten", {}, x);
  }

  dropout(x: Ref, rate: number): Ref {
    return this.layer("Dropout", { rate }, x);
  }

  concat(xs: Ref[]): Ref {
    return this.layer("Concatenate", { axis: -1 }, xs);
  }

  add(xs: Ref[]): Ref {
    return this.layer("Add", {}, xs);
  }

  build(outputs: Ref[]): Topology {
    return {
      class_name: "Model",
      config: { name: this.modelName, layers: this.layers, input_layers: this.inputs.map((r) => [r, 0, 0]), output_layers: outputs.map((r) => [r, 0, 0]) },
      keras_version: "tfjs-layers 4.22.0",
      backend: "tensor_flow.js",
    };
  }
}
