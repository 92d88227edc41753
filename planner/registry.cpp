#include "planner/registry.hpp"

#include <algorithm>
#include <cstdlib>

#include "common/generator_methods.hpp"

namespace lethe::registry {

namespace {

OptionSpec integer(std::string name, int64_t def, double lo, double hi, std::string help) {
  return {std::move(name), OptionType::Integer, def, lo, hi, std::move(help), {}};
}
OptionSpec real(std::string name, double def, double lo, double hi, std::string help) {
  return {std::move(name), OptionType::Real, def, lo, hi, std::move(help), {}};
}

// Options every iterative unlearning method shares (METHODS.md, common setup).
std::vector<OptionSpec> iterativeOptions(int64_t epochs, double lr) {
  return {
      integer("epochs", epochs, 1, 1000, "passes over the method's data"),
      real("lr", lr, 1e-8, 10, "learning rate (constant during unlearning)"),
      integer("batch_size", 256, 1, 65536, "mini-batch size"),
      real("momentum", 0.9, 0, 1, "SGD momentum"),
      real("weight_decay", 5e-4, 0, 1, "SGD weight decay"),
      integer("seed", 1, 0, 2147483647, "seed for shuffling and random labels"),
  };
}

std::vector<OptionSpec> withOption(std::vector<OptionSpec> options, OptionSpec extra) {
  options.push_back(std::move(extra));
  return options;
}

// The same options with `name` described as the method uses it.
std::vector<OptionSpec> describing(std::vector<OptionSpec> options, const std::string& name, std::string help) {
  for (auto& option : options)
    if (option.name == name) option.help = std::move(help);
  return options;
}

std::vector<OptionSpec> withOptions(std::vector<OptionSpec> options, std::vector<OptionSpec> extra) {
  for (auto& option : extra) options.push_back(std::move(option));
  return options;
}

// The options of the random-labelling family: the iterative ones plus the pass order.
std::vector<OptionSpec> randomLabelOptions() {
  return withOption(iterativeOptions(2, 0.002),
                    {"passes", OptionType::String, std::string("sequential"), std::nullopt, std::nullopt,
                     "sequential: each epoch the forget set with random labels, then the retain set (SalUn's "
                     "CIFAR-10 code); mixed: one shuffled pass over both (its CIFAR-100 code)",
                     {"sequential", "mixed"}});
}

// A method whose learning rate (and epochs, when max_epochs > 0) calibration chooses for the
// model and forget set at hand, unless the user sets them: its options gain `calibrate`.
MethodSpec calibrated(MethodSpec spec, CalibrationSpec calibration) {
  spec.options.push_back({"calibrate", OptionType::Boolean, true, std::nullopt, std::nullopt,
                          "choose the unset lr and epochs for this model and forget set without a retrain "
                          "(docs/calibration.md); false = the base defaults listed here",
                          {}});
  spec.calibration = calibration;
  return spec;
}

}  // namespace

// Every method's base options and, for the iterative ones, the ranges calibration searches.
// The base options are what `calibrate = false` runs and where calibration's search starts;
// the measurements behind them are in docs/benchmarks.md.
const std::vector<MethodSpec>& methods() {
  static const std::vector<MethodSpec> specs = {
      {"retrain",
       "train from scratch on the retain set with the model's original recipe (the gold standard)",
       false, std::nullopt,
       {integer("epochs", 0, 0, 1000, "0 = the original recipe's epochs"),
        real("lr", 0, 0, 10, "0 = the original recipe's learning rate (same schedule)"),
        integer("batch_size", 0, 0, 65536, "0 = the original recipe's batch size"),
        integer("seed", 0, 0, 2147483647, "0 = the original recipe's seed (initialisation and shuffling)")},
       std::nullopt, false, false, MethodRole::Reference},
      calibrated({"ft", "fine-tuning: cross-entropy on the retain set only", false, std::nullopt,
                  iterativeOptions(2, 0.01), std::nullopt, true},
                 {1e-3, 0.1, 10, EpochReads::Retain}),
      calibrated({"ga", "gradient ascent on the forget set's cross-entropy", false, std::nullopt,
                  iterativeOptions(5, 5e-4), std::nullopt, true},
                 {1e-6, 1e-2, 5, EpochReads::Forget}),
      // gamma decays over the run's epochs, so a checkpoint is not a shorter run: lr only.
      calibrated({"l1_sparse", "fine-tuning on the retain set with an l1 penalty on all weights, decaying from gamma to gamma/10",
                  false, std::nullopt,
                  withOption(iterativeOptions(2, 0.01), real("gamma", 1e-4, 0, 1, "l1 penalty weight in the first epoch")),
                  std::nullopt, true},
                 {1e-3, 0.1, 0, EpochReads::Retain}),
      calibrated({"rl", "random labels on the forget set, then the retain set with true labels (SalUn without the mask)",
                  false, std::nullopt, randomLabelOptions(), std::nullopt, true},
                 {5e-5, 0.03, 5, EpochReads::Both}),
      calibrated({"salun",
                  "random labelling on the forget set plus retain fine-tuning, updating only the salient weights",
                  true, 0.5, randomLabelOptions(), std::nullopt},
                 {5e-5, 0.03, 5, EpochReads::Both}),
      // The soft threshold's schedule spans the whole run, so a checkpoint is not a shorter run: lr only.
      calibrated({"salun_soft",
                  "random labelling with each weight soft-thresholded back toward its start after every step",
                  false, std::nullopt,
                  withOption(randomLabelOptions(), real("ratio", 0.5, 0, 1, "fraction of weights pulled back at the start")),
                  std::nullopt},
                 {5e-5, 0.03, 0, EpochReads::Both}),
      // iu is one step, not iterative: nothing for calibration to choose per epoch; alpha stays.
      {"iu", "influence unlearning: one WoodFisher inverse-Hessian step removing the forget set's influence",
       false, std::nullopt,
       {real("alpha", 1, 0, 10000, "step size of the influence update (the paper searches 1-20)"),
        integer("fisher_samples", 1000, 1, 1000000, "retain samples in the WoodFisher approximation"),
        integer("batch_size", 256, 1, 65536, "mini-batch size for the gradient sums")},
       std::nullopt, true},
      calibrated({"bs", "boundary shrinking: fine-tune each forget image toward the class an FGSM step reaches",
                  false, std::nullopt,
                  withOption(iterativeOptions(10, 1e-4), real("step", 0.1, 0, 1, "FGSM step size on inputs in [0, 1]")),
                  std::nullopt, true},
                 {1e-6, 1e-2, 10, EpochReads::Forget}),
      // The shadow class exists only until the run ends, so a checkpoint is no model: lr only.
      calibrated({"be", "boundary expanding: train the forget set toward an extra shadow class, then remove it",
                  false, std::nullopt, iterativeOptions(10, 1e-4), std::nullopt, true},
                 {1e-6, 1e-2, 0, EpochReads::Forget}),
      // Corrupted-data unlearning (METHODS.md "REM"): the paper's settings (SGD lr 0.005,
      // β = 1, p_mem 0.2, ~10 redirect epochs, removal until D_f accuracy <= 0.2).
      {"rem", "redirection for erasing memory: remove D_f from the always-on channels, redirect the data into "
              "the gated ones, deploy without them",
       false, std::nullopt,
       withOptions(describing(iterativeOptions(10, 0.005), "epochs", "cycles of removal + one redirection epoch"),
                   {real("beta", 1, 1e-3, 100, "NPO temperature beta"),
                    real("p_mem", 0.2, 0, 1, "chance that a gated channel is on for a sample in mask mode"),
                    real("remove_until", 0.2, 0, 1, "removal stops when drop-mode accuracy on the forget set is this low"),
                    integer("max_remove_epochs", 100, 1, 10000, "removal epochs per cycle at most")}),
       std::nullopt, true, /*needs_gates=*/true},
      // npo stops by its own rule (remove_until); calibration chooses its rate only.
      calibrated({"npo", "negative preference optimisation on the forget set against the starting model, until it is forgotten",
                  false, std::nullopt,
                  withOptions(describing(iterativeOptions(100, 0.005), "epochs", "epochs over the forget set at most"),
                              {real("beta", 1, 1e-3, 100, "NPO temperature beta"),
                               real("remove_until", 0.2, 0, 1, "stop once accuracy on the forget set is this low")}),
                  std::nullopt, true},
                 {1e-5, 0.05, 0, EpochReads::Forget}),
      // SCRUB's published defaults (lr 5e-4, T 4, alpha 0.001, gamma 0.99, 2 max-step epochs of 3).
      calibrated({"scrub", "teacher-student: push away from the original on the forget set, stay close on the retain set",
                  false, std::nullopt,
                  withOptions(iterativeOptions(3, 5e-4),
                              {integer("max_steps", 2, 0, 1000, "epochs that start with a max-step pass over the forget set"),
                               real("alpha", 0.001, 0, 100, "weight of the distillation term on the retain set"),
                               real("gamma", 0.99, 0, 100, "weight of the cross-entropy term on the retain set"),
                               real("temperature", 4, 0.01, 100, "distillation temperature")}),
                  std::nullopt, true},
                 {1e-5, 0.01, 0, EpochReads::Both}),
      {"potion", "selective synaptic dampening of the weights specific to the forget set, widened until it is forgotten",
       false, std::nullopt,
       {real("lambda", 1, 0, 1000, "dampening strength: theta *= min(lambda * I_D / I_f, 1)"),
        real("forget_acc", 20, 0, 100, "stop widening once forget-set accuracy (%) is this low"),
        real("start_fraction", 1e-4, 1e-9, 1, "fraction of weights dampened in the first try"),
        real("growth", 1.1, 1.0001, 10, "factor by which the dampened fraction widens"),
        integer("batch_size", 256, 1, 65536, "mini-batch size for the importances")},
       std::nullopt, false},
  };
  return specs;
}

const std::vector<MetricSpec>& metrics() {
  static const std::vector<MetricSpec> specs = {
      {"ua", "unlearning accuracy: 100 - accuracy on the forget set (%)", true, false, false, /*in_gap=*/true},
      {"ra", "remaining accuracy: accuracy on the retain set (%)", true, false, false, /*in_gap=*/true},
      {"ta", "testing accuracy (%), without the forgotten classes in class-wise forgetting", false, false, false, /*in_gap=*/true},
      {"mia", "MIA-efficacy: % of the forget set a confidence-based SVM attack calls non-member", true, false, false, /*in_gap=*/true},
      {"mia_entropy", "MIA-efficacy with the entropy of the prediction as the attack's feature", true, false},
      {"mia_m_entropy", "MIA-efficacy with the modified entropy (Song & Mittal, 2021) as the attack's feature", true, false},
      {"class_acc", "test accuracy (%) of every class, one column acc[class] each (forgotten classes included)", false, false},
      {"rte", "run-time efficiency: seconds of unlearning, mask included (classifiers and generators)", false, true, false, false, MetricModels::Both},
      {"gap", "Avg. Gap: mean |metric - retrain's| over ua, ra, ta, mia (needs a retrain run on the same forget set)", true, true},
      // REM (corrupted data): on models of a CORRUPT DATASET dataset; asr needs poison.
      {"healed", "accuracy (%) on every corrupted training row against its true label", false, false, true},
      {"utility", "clean test accuracy (%); under swap without the two swapped classes", false, false, true},
      {"uxh", "healed x utility / 100", false, false, true},
      {"asr", "attack success rate (%): triggered test images classified as the poison target", false, false, true},
      // Generators (docs/generation.md): samples drawn with WITH (samples, sample_steps, guidance,
      // sample_seed) and judged by the classifier WITH (judge = c) names. rte above applies too.
      {"ua_gen", "generators: share (%) of samples generated for the forgotten classes that the judge does not label as their class",
       true, false, false, false, MetricModels::Generators, /*needs_judge=*/true},
      {"fid", "generators: Frechet distance between the judge's penultimate features of generated remaining-class samples and of "
              "real test images of those classes",
       false, false, false, false, MetricModels::Generators, /*needs_judge=*/true},
      {"acc_gen", "generators: the judge's accuracy (%) on samples generated for the remaining classes", false, false, false, false,
       MetricModels::Generators, /*needs_judge=*/true},
  };
  return specs;
}

const std::vector<ArchSpec>& archs() {
  static const std::vector<ArchSpec> specs = {
      {"mlp", "two hidden layers of 256 units with ReLU"},
      {"cnn", "two 3x3 conv + max-pool blocks and two linear layers, no BatchNorm"},
      {"resnet20", "CIFAR-style ResNet-20 (3 stages x 3 basic blocks, BatchNorm)"},
      {"resnet18", "CIFAR-style ResNet-18 (3x3 stem, 4 stages x 2 basic blocks, 64-512 channels, BatchNorm; ~11.2M)"},
      {"vgg16_bn", "VGG-16 with BatchNorm (13 conv layers, max-pools skipped below 2x2, global average pool, linear head)"},
      // REM's gated networks (METHODS.md): θ1 = the leading half of every gated layer, always
      // on; θ2 = the rest, off (drop mode) in training and in the deployed model.
      {"cnn_gated", "cnn with a channel gate after each hidden layer; half the channels stay off until rem"},
      {"resnet20_gated", "resnet20 with channel gates after the stem and every block output (rem)"},
      {"resnet9_gated", "the REM paper's ResNet-9 (64-128-256-512, two residual blocks) with channel gates (rem)"},
      // A generator (common/model_kind.hpp): trained with generatorTrainingOptions(), drawn from by SAMPLE.
      {"ddpm", "generator: class-conditional DDPM (two-level UNet, learned null class for classifier-free guidance, "
               "EMA weights) at `resolution` x `resolution`"},
  };
  return specs;
}

const std::vector<FormatSpec>& formats() {
  static const std::vector<FormatSpec> specs = {
      {"idx", "MNIST-style IDX files: train-images-idx3-ubyte, train-labels-idx1-ubyte, "
              "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (optionally .gz)"},
      {"cifar10", "CIFAR-10 binary version: data_batch_1..5.bin, test_batch.bin, batches.meta.txt (class names)"},
      {"cifar100", "CIFAR-100 binary version: train.bin, test.bin (fine labels), fine_label_names.txt"},
      {"folder", "train/<class>/*.png and test/<class>/*.png; classes are the sorted subfolder names"},
  };
  return specs;
}

const std::vector<OptionSpec>& trainingOptions() {
  static const std::vector<OptionSpec> specs = {
      integer("epochs", 8, 1, 1000, "training epochs"),
      real("lr", 0.05, 1e-8, 10, "SGD learning rate at the start (then as `schedule` says)"),
      integer("batch_size", 128, 1, 65536, "mini-batch size"),
      real("momentum", 0.9, 0, 1, "SGD momentum"),
      real("weight_decay", 5e-4, 0, 1, "SGD weight decay"),
      integer("seed", 1, 0, 2147483647, "seed for initialisation, shuffling and augmentation"),
      {"schedule", OptionType::String, std::string("cosine"), std::nullopt, std::nullopt,
       "learning-rate schedule: cosine (annealed to 0 per step), cosine_epoch (annealed once per epoch, as PyTorch's "
       "CosineAnnealingLR stepped per epoch), step (times gamma at each decay), constant",
       {"cosine", "cosine_epoch", "step", "constant"}},
      // The papers' CIFAR recipe (SalUn's ResNet-18: 182 epochs, MultiStepLR milestones 91
      // and 136, gamma 0.1) decays at 50% and 75% of training: step_size = 0 keeps those
      // proportions for any epoch count; step_size = k decays every k epochs (StepLR).
      real("gamma", 0.1, 0, 1, "step schedule: factor applied to the learning rate at each decay"),
      integer("step_size", 0, 0, 1000, "step schedule: epochs between decays; 0 = at 50% and 75% of the epochs"),
      {"augment", OptionType::Boolean, false, std::nullopt, std::nullopt,
       "random crop (zero padding of 1/8 of the side, 4 px at 32x32) and horizontal flip of every batch", {}},
  };
  return specs;
}

// Generators (METHODS.md "Generation"). Their options and defaults are the table of
// common/generator_methods.hpp (measured in docs/generation.md); the binder fills every option
// from it and the executors read only those resolved values. Here they get a help line.
const std::vector<MethodSpec>& generatorMethods() {
  static const std::vector<MethodSpec> specs = [] {
    auto method = [](const std::string& name, std::string help) {
      MethodSpec spec{name, std::move(help), false, std::nullopt, generatorMethodOptions(name), std::nullopt};
      if (name == "salun") {
        spec.takes_threshold = true;
        spec.default_threshold = 0.5;
      }
      if (name == "retrain") spec.role = MethodRole::Reference;
      // ga and ft run under a mask when given one (`saliency = s`), as on classifiers.
      spec.accepts_saliency = name == "ga" || name == "ft";
      return spec;
    };
    std::vector<MethodSpec> list;
    for (const std::string& name : generatorMethodNames()) {
      if (name == "retrain")
        list.push_back(method(name, "train a new generator from scratch on the retain classes with the original recipe "
                                    "(the reference)"));
      else if (name == "salun")
        list.push_back(method(name, "salient weights only: predict a substitute class's noise for the forgotten class, "
                                    "plus alpha x the diffusion loss on the retain classes (Adam)"));
      else if (name == "ga")
        list.push_back(method(name, "gradient ascent on the forgotten classes' diffusion loss (Adam)"));
      else if (name == "ft")
        list.push_back(method(name, "fine-tuning: the diffusion loss on the retain classes only (Adam)"));
      else
        list.push_back(method(name, "a generator method"));
    }
    return list;
  }();
  return specs;
}

const std::vector<OptionSpec>& generatorTrainingOptions() {
  static const std::vector<OptionSpec> specs = {
      // The executors' fallbacks for a recipe without them are the same values (executors/generation.hpp,
      // ml/diffusion.hpp); docs/generation.md, "Model size and cost", says how they were chosen.
      integer("steps", 7000, 1, 10000000, "Adam steps (batches) of training"),
      integer("batch_size", 128, 1, 65536, "images per batch"),
      real("lr", 1e-3, 1e-8, 10, "Adam learning rate"),
      integer("channels", 32, 8, 512, "UNet base width (an even number; the second level has twice as many)"),
      integer("resolution", 16, 8, 128, "side of the square images the generator makes (the dataset is resized to it)"),
      real("ema_decay", 0.999, 0, 0.999999, "decay of the exponential moving average of the weights that is stored"),
      integer("seed", 1, 0, 2147483647, "seed for initialisation, batches, timesteps, noise and label dropout"),
  };
  return specs;
}

const std::vector<OptionSpec>& judgeOptions() {
  static const std::vector<OptionSpec> specs = {
      {"judge", OptionType::String, std::string(), std::nullopt, std::nullopt,
       "the classifier that labels the samples: a model (or 'model@version') of the generator's classes and image size",
       {}},
      integer("samples", 100, 1, 100000, "samples drawn per class the metrics read"),
      integer("sample_steps", 50, 1, 1000, "DDIM steps of each sample"),
      real("guidance", 2.0, 0, 100, "classifier-free guidance scale w"),
      integer("sample_seed", 1, 0, 2147483647, "seed of the samples' starting noise"),
  };
  return specs;
}

const std::vector<OptionSpec>& sampleOptions() {
  static const std::vector<OptionSpec> specs = {
      integer("steps", 50, 1, 1000, "DDIM steps (the generator's T = 1000 is the most)"),
      real("guidance", 2.0, 0, 100, "classifier-free guidance scale w: (1 + w) eps(x|c) - w eps(x|none); 0 = conditional only"),
      integer("seed", 1, 0, 2147483647, "seed of the starting noise"),
  };
  return specs;
}

const std::vector<OptionSpec>& fileDatasetOptions() {
  static const std::vector<OptionSpec> specs = {
      {"class_names", OptionType::String, std::string(), std::nullopt, std::nullopt,
       "a text file naming the classes, one per line in label order (IDX files name none: '0', '1', ...)", {}},
  };
  return specs;
}

const std::vector<OptionSpec>& subsetOptions() {
  static const std::vector<OptionSpec> specs = {
      integer("train", 5000, 1, 1e9, "training rows drawn from the parent"),
      integer("test", 1000, 1, 1e9, "test rows drawn from the parent (at least one: TA and MIA read them)"),
      integer("seed", 1, 0, 2147483647, "seed of the draw"),
  };
  return specs;
}

namespace {
template <class Spec>
const Spec* findByName(const std::vector<Spec>& specs, const std::string& name) {
  for (const auto& spec : specs)
    if (spec.name == name) return &spec;
  return nullptr;
}
template <class Spec>
std::vector<std::string> namesOf(const std::vector<Spec>& specs) {
  std::vector<std::string> names;
  for (const auto& spec : specs) names.push_back(spec.name);
  return names;
}
}  // namespace

const MethodSpec* findMethod(const std::string& name) { return findByName(methods(), name); }
const MetricSpec* findMetric(const std::string& name) { return findByName(metrics(), name); }
const ArchSpec* findArch(const std::string& name) { return findByName(archs(), name); }
const FormatSpec* findFormat(const std::string& name) { return findByName(formats(), name); }

std::vector<std::string> methodNames() { return namesOf(methods()); }
std::vector<std::string> metricNames() { return namesOf(metrics()); }
std::vector<std::string> archNames() { return namesOf(archs()); }
std::vector<std::string> formatNames() { return namesOf(formats()); }

const std::vector<MethodSpec>& methods(ModelKind kind) {
  return kind == ModelKind::Generator ? generatorMethods() : methods();
}
const MethodSpec* findMethod(const std::string& name, ModelKind kind) { return findByName(methods(kind), name); }
std::vector<std::string> methodNames(ModelKind kind) { return namesOf(methods(kind)); }

bool metricApplies(const MetricSpec& metric, ModelKind kind) {
  if (metric.models == MetricModels::Both) return true;
  return (metric.models == MetricModels::Generators) == (kind == ModelKind::Generator);
}

std::vector<std::string> metricNames(ModelKind kind) {
  std::vector<std::string> names;
  for (const auto& metric : metrics())
    if (metricApplies(metric, kind)) names.push_back(metric.name);
  return names;
}

const char* metricModelsName(MetricModels models) {
  switch (models) {
    case MetricModels::Classifiers: return "classifiers";
    case MetricModels::Generators: return "generators";
    case MetricModels::Both: return "classifiers, generators";
  }
  return "";
}

std::vector<std::string> judgedMetrics() {
  std::vector<std::string> names;
  for (const auto& metric : metrics())
    if (metric.needs_judge) names.push_back(metric.name);
  return names;
}

const std::vector<OptionSpec>& trainingOptions(ModelKind kind) {
  return kind == ModelKind::Generator ? generatorTrainingOptions() : trainingOptions();
}

bool isJudgeOption(const std::string& name) { return findByName(judgeOptions(), name) != nullptr; }

bool isGatedArchName(const std::string& arch) {
  const std::string suffix = "_gated";
  return arch.size() > suffix.size() && arch.compare(arch.size() - suffix.size(), suffix.size(), suffix) == 0 &&
         findArch(arch) != nullptr;
}

std::vector<std::string> gatedArchNames() {
  std::vector<std::string> names;
  for (const auto& name : archNames())
    if (isGatedArchName(name)) names.push_back(name);
  return names;
}

const MethodSpec& referenceMethod() {
  static const MethodSpec& reference = *std::find_if(methods().begin(), methods().end(),
                                                     [](const MethodSpec& m) { return m.role == MethodRole::Reference; });
  return reference;
}

bool isReferenceMethod(const std::string& name) { return name == referenceMethod().name; }

std::vector<std::string> gapMetrics() {
  std::vector<std::string> names;
  for (const auto& metric : metrics())
    if (metric.in_gap) names.push_back(metric.name);
  return names;
}

std::vector<std::string> defaultForgetMetrics() {
  std::vector<std::string> names = gapMetrics();
  names.push_back("rte");
  names.push_back("gap");
  return names;
}

const std::vector<BuiltinDataset>& builtinDatasets() {
  // LETHE_FASHION_MNIST_DIR overrides the Debian location (for machines that keep it elsewhere).
  static const std::vector<BuiltinDataset> builtins = [] {
    const char* env = std::getenv("LETHE_FASHION_MNIST_DIR");
    return std::vector<BuiltinDataset>{
        {"fashion-mnist", env ? env : "/usr/share/datasets/fashion-mnist",
         {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
          "Bag", "Ankle boot"}},
    };
  }();
  return builtins;
}

const BuiltinDataset* findBuiltinDataset(const std::string& name) {
  return findByName(builtinDatasets(), name);
}

}  // namespace lethe::registry
